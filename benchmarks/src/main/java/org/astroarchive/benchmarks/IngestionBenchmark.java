package org.astroarchive.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;

/**
 * Ingestion of Gaia-like HDF5 files, from file to queryable, through the packaged importer and metadata services on
 * real PostgreSQL, Kafka and S3, against a raw PostgreSQL COPY of the same rows measured in the same run
 * (issue 3 "Done when", issue 7). See benchmarks/README.md for what is measured and why.
 *
 * <p>Exit status: 0 measured (whether or not the goals are met), 1 the run failed, 2 bad arguments.
 */
public final class IngestionBenchmark implements BenchmarkMain.Run {

    /** Goals of issue 3 on the project's 2-core machine. */
    static final double GOAL_ROWS_PER_SECOND = 125_000;
    static final double GOAL_FRACTION_OF_COPY = 0.50;

    private static final String COLLECTION = "gaia";
    /** DID scope of the untimed warm-up file, kept apart from the measured rows (scope = the collection). */
    private static final String WARMUP_SCOPE = "warmup";
    private static final int WARMUP_SOURCES = 5_000;
    private static final Duration POLL = Duration.ofMillis(100);

    private final BenchmarkOptions options;
    private final String commandLine;
    /** What is running, stopped last-in first-out; left alone with --keep. */
    private final BenchmarkProcesses processes;
    private Path work;
    private BenchmarkSummary summary = BenchmarkSummary.none();

    IngestionBenchmark(BenchmarkOptions options, String commandLine) {
        this.options = options;
        this.commandLine = commandLine;
        this.processes = new BenchmarkProcesses(options.keep());
    }

    public static void main(String[] args) {
        BenchmarkMain.main(args, "", BenchmarkOptions.USAGE, BenchmarkOptions::parse, BenchmarkOptions::keep, IngestionBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        boolean tempWorkDir = options.workDir() == null;
        work = tempWorkDir ? Files.createTempDirectory("archive-bench-") : Files.createDirectories(options.workDir());
        Path data = work.resolve("data");
        Path logs = Files.createDirectories(work.resolve("logs"));
        if (tempWorkDir && !options.keep()) {
            processes.atEnd(() -> deleteTree(work));
        }
        say("Ingestion benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        say("  command: " + commandLine);
        say("  services: " + jarBuilt("importer-service") + ", " + jarBuilt("metadata-service"));
        say("  machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + memTotal() + " RAM; Java " + System.getProperty("java.version") + "; work dir " + work);

        // 1. the files (not timed)
        say("generating " + options.sources() + " sources, " + options.perFile() + " a file ...");
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(data, options.sources())
                .withSourcesPerFile(options.perFile()));
        List<WrittenFile> uploads = report.files().stream()
                .filter(f -> options.withTransits() || f.table() == GaiaTable.COMPLETE_SOURCE)
                .sorted(Comparator.comparingInt(WrittenFile::fileIndex).thenComparing(WrittenFile::table))
                .toList();
        long rows = uploads.stream().mapToLong(WrittenFile::rows).sum();
        long bytes = uploads.stream().mapToLong(WrittenFile::bytes).sum();
        say(String.format(Locale.ROOT, "  %d files written in %.1f s; uploading %d files: %,d rows, %.1f MB",
                report.files().size(), report.elapsed().toMillis() / 1e3, uploads.size(), rows, bytes / 1e6));
        System.gc(); // the generator's arrays are garbage now; not in the services' way during the run

        // 2. the archive
        say("starting PostgreSQL, Kafka, S3 and the importer and metadata services (-Xmx" + options.serviceHeap() + ") ...");
        LocalComponent postgres = component(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = component(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = component(LocalComponent.Kind.S3);
        // uploads are for archive operators only: the importer checks the operator's credentials with Keycloak (once:
        // the check is cached), so the figures are those of ingestion, not of login
        LocalComponent keycloak = component(LocalComponent.Kind.KEYCLOAK);
        // metadata-service first: it applies the schema migrations
        QuarkusApp metadata = service("metadata-service",
                ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)), logs);
        QuarkusApp importer = service("importer-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka), ArchiveConfig.keycloak(keycloak)), logs);

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/archive",
                "postgres", "")) {
            say("  " + scalar(db, "SELECT version()"));
            ProcessCpu cpu = new ProcessCpu();
            cpu.watch("importer-service", importer.pid());
            cpu.watch("metadata-service", metadata.pid());
            ProcessCpu.pidFromFile(postgres.dir().resolve("data/postmaster.pid")).ifPresent(pid -> cpu.watch("postgresql", pid));
            ProcessCpu.pidFromFile(kafka.dir().resolve("pid")).ifPresent(pid -> cpu.watch("kafka", pid));
            ProcessCpu.pidFromFile(s3.dir().resolve("pid")).ifPresent(pid -> cpu.watch("s3proxy", pid));
            cpu.watchAlone("benchmark (client)", ProcessHandle.current().pid());

            if (options.warmup()) {
                warmUp(db, importer, work.resolve("warmup"));
            }

            // 3. the pipeline, timed from the first PUT until every file is queryable
            execute(db, "CHECKPOINT");
            Map<String, Double> cpuBefore = cpu.sample();
            double machineBefore = ProcessCpu.machineBusySeconds();
            Ingestion ingestion;
            try (MemorySampler memory = new MemorySampler(importer, metadata)) {
                memory.start();
                ingestion = ingest(db, kafka, importer, metadata, uploads);
                ingestion = ingestion.withMemory(memory.peaks());
            }
            Map<String, Double> cpuUsed = ProcessCpu.between(cpuBefore, cpu.sample());
            double machineUsed = ProcessCpu.machineBusySeconds() - machineBefore;
            cpuUsed.put("other processes (not this run)",
                    machineUsed - ProcessCpu.total(cpuUsed));
            verifyCounts(db, uploads);

            // 4. the baseline, same rows, same PostgreSQL, services idle
            say("baseline: exporting the ingested rows and COPYing them back ...");
            CopyBaseline baseline = new CopyBaseline(db, work, cpu);
            List<CopyBaseline.Load> indexed = new ArrayList<>();
            List<CopyBaseline.Load> btree = new ArrayList<>();
            List<CopyBaseline.Load> bare = new ArrayList<>();
            for (String table : targetTables(uploads)) {
                // not timed: so that autovacuum of the pipeline's 1 M fresh rows does not run during the COPYs
                execute(db, "VACUUM (ANALYZE) " + table);
                Path file = baseline.export(table, COLLECTION);
                indexed.add(baseline.load(table, file, CopyBaseline.Indexes.ALL));
                btree.add(baseline.load(table, file, CopyBaseline.Indexes.BTREE_ONLY));
                bare.add(baseline.load(table, file, CopyBaseline.Indexes.NONE));
                Files.deleteIfExists(file);
            }
            if (!options.keep()) {
                baseline.dropAll();
            }
            say("");
            say(report(rows, bytes, ingestion, indexed, btree, bare, cpuUsed));
        }
    }

    /** What the timed part measured; times in seconds from the first PUT. */
    record Ingestion(long rows, double putsAnswered, double queryable, Map<String, double[]> perFile,
                     Map<String, MemorySampler.Peak> memory) {
        Ingestion withMemory(Map<String, MemorySampler.Peak> peaks) {
            return new Ingestion(rows, putsAnswered, queryable, perFile, peaks);
        }
    }

    private Ingestion ingest(Connection db, LocalComponent kafka, QuarkusApp importer, QuarkusApp metadata,
                             List<WrittenFile> uploads) throws Exception {
        say("ingesting: PUT " + uploads.size() + " files (" + options.uploadThreads() + " at a time), waiting until queryable ...");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, double[]> perFile = new LinkedHashMap<>(); // did -> {PUT answered, queryable}
        uploads.forEach(f -> perFile.put(did(f), new double[] {Double.NaN, Double.NaN}));
        Map<String, Double> answered = new ConcurrentHashMap<>();
        ExecutorService uploaders = Executors.newFixedThreadPool(options.uploadThreads());
        long start = System.nanoTime();
        List<Future<?>> puts = new ArrayList<>();
        for (WrittenFile file : uploads) {
            puts.add(uploaders.submit(() -> {
                put(http, importer, file);
                answered.put(did(file), seconds(start));
                return null;
            }));
        }
        uploaders.shutdown();
        Set<String> pending = new LinkedHashSet<>(perFile.keySet());
        long deadline = start + Duration.ofSeconds(options.timeoutSeconds()).toNanos();
        Set<String> dids = Set.copyOf(perFile.keySet());
        try (PreparedStatement query = db.prepareStatement("SELECT did FROM archive.files WHERE did = ANY (?)");
             DeadLetterWatch deadLetters = new DeadLetterWatch("127.0.0.1:" + kafka.port())) {
            while (!pending.isEmpty() || puts.stream().anyMatch(p -> !p.isDone())) {
                for (Future<?> put : puts) {
                    if (put.isDone()) {
                        try {
                            put.get();
                        } catch (ExecutionException e) {
                            uploaders.shutdownNow();
                            throw new IllegalStateException("upload failed: " + e.getCause().getMessage(), e.getCause());
                        }
                    }
                }
                if (!pending.isEmpty()) {
                    query.setArray(1, db.createArrayOf("text", pending.toArray()));
                    try (ResultSet rs = query.executeQuery()) {
                        double now = seconds(start);
                        while (rs.next()) {
                            pending.remove(rs.getString(1));
                            perFile.get(rs.getString(1))[1] = now;
                        }
                    }
                }
                Optional<String> rejected = deadLetters.poll(dids);
                if (rejected.isPresent()) {
                    uploaders.shutdownNow();
                    throw new IllegalStateException("a file was rejected (" + DeadLetterWatch.TOPIC + "): " + rejected.get());
                }
                for (QuarkusApp service : List.of(importer, metadata)) {
                    if (!service.isAlive()) {
                        throw new IllegalStateException(service.module() + " died:\n" + service.logTail(40));
                    }
                }
                if (System.nanoTime() > deadline) {
                    uploaders.shutdownNow();
                    throw new IllegalStateException("not queryable after " + options.timeoutSeconds() + " s: " + pending
                            + "\nmetadata-service log:\n" + metadata.logTail(30) + "\nimporter-service log:\n" + importer.logTail(30));
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        double queryable = perFile.values().stream().mapToDouble(t -> t[1]).max().orElse(0);
        answered.forEach((did, at) -> perFile.get(did)[0] = at);
        double putsAnswered = answered.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Ingestion(uploads.stream().mapToLong(WrittenFile::rows).sum(), putsAnswered, queryable, perFile, Map.of());
    }

    /**
     * One small file through the whole pipeline before the clock starts: the services' JIT, connection pools, Kafka
     * topics and consumer group assignment, and the table itself exist afterwards, as in an archive that is running.
     */
    private void warmUp(Connection db, QuarkusApp importer, Path dir) throws Exception {
        GenerationReport warmup = GaiaGenerator.generate(GaiaGeneratorOptions.of(dir, WARMUP_SOURCES)
                .withSourcesPerFile(WARMUP_SOURCES).withSeed(7).withSeedBoxSources(0));
        WrittenFile file = warmup.files(GaiaTable.COMPLETE_SOURCE).get(0);
        say("warming up: " + WARMUP_SOURCES + " rows as " + WARMUP_SCOPE + ":" + file.path().getFileName() + " (not timed) ...");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        put(http, importer, file, "?scope=" + WARMUP_SCOPE);
        String did = WARMUP_SCOPE + ":" + file.path().getFileName();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!"1".equals(scalar(db, "SELECT count(*) FROM archive.files WHERE did = '" + did + "'"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warm-up file " + did + " is not queryable after 120 s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void put(HttpClient http, QuarkusApp importer, WrittenFile file) throws IOException, InterruptedException {
        put(http, importer, file, "");
    }

    private void put(HttpClient http, QuarkusApp importer, WrittenFile file, String query)
            throws IOException, InterruptedException {
        String name = file.path().getFileName().toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(importer.url() + "/api/files/" + COLLECTION + "/" + name + query))
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", Keycloak.operatorBasicHeader())
                .timeout(Duration.ofSeconds(options.timeoutSeconds()))
                .PUT(HttpRequest.BodyPublishers.ofFile(file.path()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("PUT " + name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void verifyCounts(Connection db, List<WrittenFile> uploads) throws SQLException {
        Map<String, Long> expected = new LinkedHashMap<>();
        uploads.forEach(f -> expected.merge(f.table().targetTable(), f.rows(), Long::sum));
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            long found = Long.parseLong(scalar(db, "SELECT count(*) FROM " + table.getKey() + " WHERE did_scope = '" + COLLECTION + "'"));
            if (found != table.getValue()) {
                throw new IllegalStateException(table.getKey() + " holds " + found + " rows, " + table.getValue() + " expected");
            }
        }
    }

    private String report(long rows, long bytes, Ingestion run, List<CopyBaseline.Load> indexed,
                          List<CopyBaseline.Load> btree, List<CopyBaseline.Load> bare, Map<String, Double> cpuUsed) {
        double pipeline = rows / run.queryable();
        double importerSide = rows / run.putsAnswered();
        double copy = rate(indexed);
        double copyBare = rate(bare);
        double ratio = pipeline / copy;
        TextTable results = new TextTable("metric", "value", "baseline", "ratio", "goal", "result");
        results.row("ingestion, first PUT -> all queryable", perSecond(pipeline), "-", "-",
                ">= " + perSecond(GOAL_ROWS_PER_SECOND), verdict(pipeline >= GOAL_ROWS_PER_SECOND));
        results.row("ingestion vs COPY (same indexes)", perSecond(pipeline), perSecond(copy) + " COPY", percent(ratio),
                ">= " + percent(GOAL_FRACTION_OF_COPY) + " of COPY", verdict(ratio >= GOAL_FRACTION_OF_COPY));
        results.row("importer side, first PUT -> all PUTs answered", perSecond(importerSide), perSecond(copy) + " COPY",
                percent(importerSide / copy), "-", "-");
        results.row("COPY, same indexes (baseline)", perSecond(copy), "-", "-", "-", "-");
        results.row("COPY, B-tree indexes only, no GiST (context)", perSecond(rate(btree)), "-", "-", "-", "-");
        results.row("COPY, no indexes (context)", perSecond(copyBare), "-", "-", "-", "-");
        run.memory().forEach((service, peak) -> results.row(service + " memory, timed part", peak.describe(options.serviceHeap()),
                "-", "-", "-", "-"));
        String settings = String.format(Locale.ROOT, "%,d sources, %,d a file, %s, %d upload thread(s), services -Xmx%s, %s",
                options.sources(), options.perFile(), options.withTransits() ? "with transit files" : "CompleteSource files only",
                options.uploadThreads(), options.serviceHeap(), options.warmup()
                        ? "after an untimed " + WARMUP_SOURCES + "-row warm-up file" : "cold services (no warm-up)");
        summary = BenchmarkSummary.of(settings, results);
        StringBuilder out = new StringBuilder();
        out.append("settings: ").append(settings).append('\n');
        out.append(String.format(Locale.ROOT, "%,d rows in %d files (%.1f MB of HDF5): queryable after %.1f s, "
                        + "all PUTs answered after %.1f s; COPY baseline %.1f s with indexes, %.1f s without%n%n",
                rows, run.perFile().size(), bytes / 1e6, run.queryable(), run.putsAnswered(), seconds(indexed), seconds(bare)));
        out.append(results.render()).append('\n');

        TextTable files = new TextTable("file", "PUT answered", "queryable");
        run.perFile().forEach((did, t) -> files.row(did, String.format(Locale.ROOT, "%.1f s", t[0]),
                String.format(Locale.ROOT, "%.1f s", t[1])));
        out.append(files.render()).append('\n');

        TextTable where = new TextTable("process", "CPU during ingestion", "of the wall time", "peak memory");
        double wall = run.queryable();
        cpuUsed.forEach((name, secs) -> {
            MemorySampler.Peak peak = run.memory().get(name);
            where.row(name, String.format(Locale.ROOT, "%.1f s", secs), String.format(Locale.ROOT, "%.0f %%", 100 * secs / wall),
                    peak == null ? "-" : peak.describe(options.serviceHeap()));
        });
        double total = ProcessCpu.total(cpuUsed);
        int cores = Runtime.getRuntime().availableProcessors();
        where.row("machine, all processes", String.format(Locale.ROOT, "%.1f s", total),
                String.format(Locale.ROOT, "%.0f %% (%d cores = %d %%)", 100 * total / wall, cores, 100 * cores), "");
        out.append(where.render()).append('\n');

        TextTable copies = new TextTable("baseline COPY", "rows", "wall", "PostgreSQL CPU", "other processes' CPU");
        Stream.of(indexed, btree, bare).flatMap(List::stream).forEach(load -> copies.row(load.target(),
                String.format(Locale.ROOT, "%,d", load.rows()), String.format(Locale.ROOT, "%.1f s", load.seconds()),
                String.format(Locale.ROOT, "%.1f s", load.postgresCpu()), String.format(Locale.ROOT, "%.1f s", load.otherCpu())));
        out.append(copies.render());
        return out.toString();
    }

    private static double rate(List<CopyBaseline.Load> loads) {
        return loads.stream().mapToLong(CopyBaseline.Load::rows).sum() / seconds(loads);
    }

    private static double seconds(List<CopyBaseline.Load> loads) {
        return loads.stream().mapToDouble(CopyBaseline.Load::seconds).sum();
    }

    static String perSecond(double rowsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f rows/s", rowsPerSecond);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * fraction);
    }

    static String verdict(boolean met) {
        return BenchmarkSummary.verdict(met);
    }

    private static List<String> targetTables(List<WrittenFile> uploads) {
        return uploads.stream().map(f -> f.table().targetTable()).distinct().toList();
    }

    private static String did(WrittenFile file) {
        return COLLECTION + ":" + file.path().getFileName();
    }

    private LocalComponent component(LocalComponent.Kind kind) {
        return processes.component(kind);
    }

    private QuarkusApp service(String module, Map<String, String> config, Path logs) {
        return processes.service(module, config, options.serviceHeap(), logs);
    }

    /** Stops services, then components, then deletes the temporary files; nothing with --keep. Runs once. */
    @Override
    public void stopAll() {
        processes.stopAll();
    }

    @Override
    public BenchmarkSummary summary() {
        return summary;
    }

    @Override
    public String keptMessage() {
        return processes.keptMessage(work) + "(tables bench.*_indexed, bench.*_btree and bench.*_noindex hold the baseline rows)";
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String scalar(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The packaged service measured, by the time it was built (the working tree may be ahead of it). */
    static String jarBuilt(String module) {
        Path app = RepoLayout.root().resolve(module).resolve("target/quarkus-app/app/" + module + "-0.1.0-SNAPSHOT.jar");
        try {
            return module + " built " + Files.getLastModifiedTime(app).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        } catch (IOException e) {
            return module + " (build time unknown)";
        }
    }

    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(Locale.ROOT, "%.0f GB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("? GB");
        } catch (IOException | RuntimeException e) {
            return "? GB";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

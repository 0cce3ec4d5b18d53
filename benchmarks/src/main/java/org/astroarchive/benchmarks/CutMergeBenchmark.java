package org.astroarchive.benchmarks;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;

/**
 * The packaged cutmerge-service on real PostgreSQL and S3 with one Gaia CompleteSource file of ~100 MB, loaded
 * through the ingestion services (issues 5 and 7): Cut &amp; Merge of 10 and of 1000 random rows, against jHDF reading
 * the same rows from a local copy of the same file in the same run. See benchmarks/README.md.
 *
 * <p>Exit status: 0 measured (whether or not the goal is met), 1 the run failed (a request failed or gave a wrong
 * answer, a service died), 2 bad arguments.
 */
public final class CutMergeBenchmark implements BenchmarkMain.Run {

    /** Issue 5: Cut &amp; Merge of 10 rows out of a 100 MB file within 50 ms. */
    static final int FEW_ROWS = 10;
    static final int MANY_ROWS = 1000;
    static final double GOAL_FEW_MEDIAN_MS = 50;
    /** The same row sets in every run (rows drawn uniformly over the whole file). */
    static final long ROW_SET_SEED = 42;
    static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /**
     * {@code MergeBuilder.MAX_RUNS_PER_DATASET} of cutmerge-service: above, it reads a filtered (deflate) dataset whole;
     * unfiltered datasets always by hyperslab per run.
     */
    static final int SERVICE_MAX_RUNS = 8;
    private static final String GROUP = "/" + GaiaTable.COMPLETE_SOURCE.group();
    private static final int CONTEXT_REPEATS = 3;
    /** The region the services sign with (their default archive.s3.region; S3Proxy accepts any). */
    private static final String S3_REGION = "us-east-1";
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    /** The service's log line of a result it built: "cut & merge <hash>: N rows (...) from F files in T ms". */
    private static final Pattern BUILT = Pattern.compile("cut .{1,6} merge [0-9a-f]+: [0-9]+ rows .*? in ([0-9]+) ms");
    /** ... and of one served from the result cache: "cut & merge <hash>: N IDs served from the cache in T ms". */
    /** The first selection on the file: the progenitor is downloaded (and md5-checked) into the local cache. */
    private static final String FIRST = "first request after start (progenitor downloaded, row index built)";
    private static final Pattern SERVED = Pattern.compile("cut .{1,6} merge [0-9a-f]+: [0-9]+ IDs served from the cache in ([0-9]+) ms");

    private final CutMergeOptions options;
    private final String commandLine;
    private final BenchmarkProcesses processes;
    private final List<Measurement> measurements = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private Path work;
    private QuarkusApp cutmerge;
    private ProcessCpu cpu;
    private String idPrefix;
    private int failedAnswers;
    private BenchmarkSummary summary = BenchmarkSummary.none();

    CutMergeBenchmark(CutMergeOptions options, String commandLine) {
        this.options = options;
        this.commandLine = commandLine;
        this.processes = new BenchmarkProcesses(options.keep());
    }

    public static void main(String[] args) {
        BenchmarkMain.main(args, "cutmerge", CutMergeOptions.USAGE, CutMergeOptions::parse, CutMergeOptions::keep, CutMergeBenchmark::new);
    }

    @Override
    public void stopAll() {
        processes.stopAll();
    }

    @Override
    public String keptMessage() {
        return processes.keptMessage(work);
    }

    @Override
    public BenchmarkSummary summary() {
        return summary;
    }

    @Override
    public void run() throws Exception {
        boolean tempWorkDir = options.workDir() == null;
        work = tempWorkDir ? Files.createTempDirectory("archive-cutmerge-bench-") : Files.createDirectories(options.workDir());
        Path logs = Files.createDirectories(work.resolve("logs"));
        if (tempWorkDir && !options.keep()) {
            processes.atEnd(() -> IngestionBenchmark.deleteTree(work));
        }
        say("Cut & Merge benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        say("  command: " + commandLine);
        say("  services: " + IngestionBenchmark.jarBuilt("cutmerge-service") + "; loaded by "
                + IngestionBenchmark.jarBuilt("importer-service") + ", " + IngestionBenchmark.jarBuilt("metadata-service"));
        say("  machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + IngestionBenchmark.cpuModel() + "), "
                + IngestionBenchmark.memTotal() + " RAM; Java " + System.getProperty("java.version") + "; work dir " + work);

        LocalComponent postgres = processes.component(LocalComponent.Kind.POSTGRES);
        LocalComponent s3 = processes.component(LocalComponent.Kind.S3);
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/archive";
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            WrittenFile progenitor = generate(work.resolve("data"));
            GaiaLoader.Loaded loaded = GaiaLoader.load(processes, http, db, postgres, s3, List.of(progenitor), options.sources(), logs);
            // Gaia is private (V6: group gaia); the benchmark's client is anonymous, so in this throw-away database it
            // is made public: login is not what is measured here.
            execute(db, "DELETE FROM archive.collection_access WHERE schema_name = 'gaia'");
            say("gaia made public in the benchmark's database (anonymous client)");
            idPrefix = idPrefix(db);
            String[] replica = replica(db, "gaia:" + progenitor.path().getFileName());
            long[] sourceIds = sourceIds(progenitor.path());

            say("starting cutmerge-service (-Xmx" + options.serviceHeap() + ") ...");
            // Anonymous requests only: no Keycloak. The OIDC server and the audit topic's broker point at a closed
            // port (audit events are then only logged, as while Kafka is down; no other run's broker gets them).
            String nowhere = "127.0.0.1:" + closedPort();
            cutmerge = processes.service("cutmerge-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                    ArchiveConfig.s3(s3), Map.of("quarkus.oidc.auth-server-url", "http://" + nowhere + "/realms/archive",
                            "archive.audit.bootstrap-servers", nowhere,
                            // a progenitor cache of this run only: its first request downloads the file
                            "cutmerge.progenitor-cache.dir", work.resolve("progenitor-cache").toString())),
                    options.serviceHeap(), logs);
            cpu = new ProcessCpu();
            cpu.watch("cutmerge-service", cutmerge.pid());
            ProcessCpu.pidFromFile(postgres.dir().resolve("data/postmaster.pid")).ifPresent(pid -> cpu.watch("postgresql", pid));
            ProcessCpu.pidFromFile(s3.dir().resolve("pid")).ifPresent(pid -> cpu.watch("s3proxy", pid));
            cpu.watchAlone("benchmark (client)", ProcessHandle.current().pid());

            Random random = new Random(ROW_SET_SEED);
            int rows = sourceIds.length;
            List<int[]> warmFew = rowSets(random, options.warmup(), FEW_ROWS, rows);
            List<int[]> warmMany = rowSets(random, options.warmup(), MANY_ROWS, rows);
            List<int[]> few = rowSets(random, options.repeatsFew(), FEW_ROWS, rows);
            List<int[]> many = rowSets(random, options.repeatsMany(), MANY_ROWS, rows);
            int[] first = rowSets(random, 1, FEW_ROWS, rows).get(0);

            MemorySampler.Peak memory;
            Measurement cold;
            Measurement warm;
            try (MemorySampler sampler = new MemorySampler(cutmerge)) {
                sampler.start();
                cold = measure(FIRST, List.of(first), sourceIds);
                say("warm-up: " + options.warmup() + " requests of " + FEW_ROWS + " and of " + MANY_ROWS + " rows (not timed) ...");
                warm = measure("warm-up", concat(warmFew, warmMany), sourceIds);
                measurements.remove(warm);
                measure(FEW_ROWS + " rows, new selection", few, sourceIds);
                measure(MANY_ROWS + " rows, new selection", many, sourceIds);
                List<int[]> same = new ArrayList<>();
                for (int i = 0; i < options.repeatsFew(); i++) {
                    same.add(few.get(0));
                }
                measure(FEW_ROWS + " rows, repeated selection", same, sourceIds);
                memory = sampler.peak(cutmerge);
            }
            if (!cutmerge.isAlive()) {
                throw new IllegalStateException("cutmerge-service died:\n" + cutmerge.logTail(40));
            }

            say("baselines, service idle: jHDF reading the same rows from the local copy ...");
            Path local = progenitor.path();
            for (int[] set : concat(warmFew, warmMany)) { // the same warm-up for this JVM's jHDF
                readRows(local, set, false);
                readRows(local, set, true);
            }
            Latencies fewBaseline = baseline(local, few, false);
            Latencies fewPerRow = baseline(local, few, true);
            Latencies manyBaseline = baseline(local, many, false);
            Latencies manyPerRow = baseline(local, many, true);
            say("where a new selection's time goes (context, measured apart): S3 GET of the progenitor, its md5 ...");
            Latencies s3Get = s3Get(s3, replica[0], replica[1]);
            Latencies md5 = md5(local);
            say("");
            say(report(progenitor, loaded, memory, cold, fewBaseline, fewPerRow, manyBaseline, manyPerRow, s3Get, md5));
            int failures = warm.failures() + measurements.stream().mapToInt(Measurement::failures).sum();
            if (failures > 0) {
                throw new IllegalStateException(failures + " answer(s) were wrong; first: " + Stream.concat(Stream.of(warm),
                        measurements.stream()).map(Measurement::firstFailure).filter(f -> f != null).findFirst().orElse("?"));
            }
        }
    }

    // ---- data ------------------------------------------------------------------------------------------------------

    /** One CompleteSource file of {@code --sources} sources; the transit files archive-datagen also writes are deleted. */
    private WrittenFile generate(Path data) throws IOException {
        say("generating " + options.sources() + " sources in one file" + (options.compress() ? " (deflate)" : " (uncompressed)")
                + " (not timed) ...");
        GaiaGeneratorOptions generator = GaiaGeneratorOptions.of(data, options.sources())
                .withSourcesPerFile((int) options.sources()).withCompress(options.compress());
        if (generator.estimatedHeapBytes() > Runtime.getRuntime().maxMemory()) {
            throw new IllegalStateException(String.format(Locale.ROOT, "generating %,d sources in one file needs ~%d MB of heap,"
                    + " this JVM has %d MB: set BENCH_JAVA_OPTS=-Xmx%dm", options.sources(), generator.estimatedHeapBytes() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, (generator.estimatedHeapBytes() >> 20) + 512));
        }
        GenerationReport report = GaiaGenerator.generate(generator);
        WrittenFile progenitor = report.files(GaiaTable.COMPLETE_SOURCE).get(0);
        for (WrittenFile file : report.files()) {
            if (file.table() != GaiaTable.COMPLETE_SOURCE) {
                Files.delete(file.path());
            }
        }
        say(String.format(Locale.ROOT, "  %s: %.1f MB (%.1f bytes a source), written in %.1f s", progenitor.path().getFileName(),
                progenitor.bytes() / 1e6, progenitor.bytes() / (double) progenitor.rows(), report.elapsed().toMillis() / 1e3));
        System.gc();
        return progenitor;
    }

    /**
     * {@code ivo://<authority>/gaia.completesource?}, from a row's access_url as metadata-service wrote it (a DataLink
     * URL whose ID is the row ID).
     */
    private static String idPrefix(Connection db) throws SQLException {
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT access_url, source_id FROM gaia.completesource LIMIT 1")) {
            rs.next();
            return idPrefix(rs.getString(1), rs.getLong(2));
        }
    }

    static String idPrefix(String accessUrl, long sourceId) {
        Matcher id = Pattern.compile("[?&]ID=([^&]+)").matcher(accessUrl == null ? "" : accessUrl);
        String rowId = id.find() ? URLDecoder.decode(id.group(1), StandardCharsets.UTF_8) : "";
        String suffix = "?" + sourceId;
        if (!rowId.startsWith("ivo://") || !rowId.endsWith(suffix)) {
            throw new IllegalStateException("access_url has no row ID ID=ivo://...?" + sourceId + ": " + accessUrl);
        }
        return rowId.substring(0, rowId.length() - suffix.length() + 1);
    }

    /** Bucket, object key and md5 of the file's replica, as cutmerge-service finds them. */
    private static String[] replica(Connection db, String did) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT r.bucket, r.object_key, f.md5 FROM archive.files f"
                + " JOIN archive.replicas r ON r.did = f.did WHERE f.did = ?")) {
            query.setString(1, did);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no replica of " + did + " in archive.replicas");
                }
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
            }
        }
    }

    private static long[] sourceIds(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            return (long[]) hdf.getDatasetByPath(GROUP + "/source_id").getData();
        }
    }

    /**
     * {@code count} sets of {@code size} distinct row indices within [0, rows), drawn uniformly (so spread over the
     * whole file), each in the order drawn; no two sets equal, so none is answered from the result cache.
     */
    static List<int[]> rowSets(Random random, int count, int size, int rows) {
        if (size > rows) {
            throw new IllegalArgumentException(size + " rows asked of a file of " + rows);
        }
        List<int[]> sets = new ArrayList<>();
        Set<Set<Integer>> seen = new java.util.HashSet<>();
        while (sets.size() < count) {
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < size) {
                chosen.add(random.nextInt(rows));
            }
            if (seen.add(Set.copyOf(chosen))) {
                sets.add(chosen.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return sets;
    }

    private static List<int[]> concat(List<int[]> a, List<int[]> b) {
        List<int[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---- Cut & Merge requests --------------------------------------------------------------------------------------

    /** Requests one after the other (one client), each checked after its time is taken. */
    private Measurement measure(String name, List<int[]> sets, long[] sourceIds) throws Exception {
        say("measuring " + name + ": " + sets.size() + " request(s) ...");
        int logStart = cutmerge.log().length();
        Map<String, Double> cpuBefore = cpu.sample();
        double busyBefore = ProcessCpu.machineBusySeconds();
        long start = System.nanoTime();
        long[] nanos = new long[sets.size()];
        int hits = 0;
        int progenitorHits = 0;
        int progenitorMisses = 0;
        long bytes = 0;
        int failures = 0;
        String firstFailure = null;
        for (int i = 0; i < sets.size(); i++) {
            long[] ids = Arrays.stream(sets.get(i)).mapToLong(row -> sourceIds[row]).toArray();
            Answer answer = cutMerge(ids);
            nanos[i] = answer.nanos();
            hits += answer.hit() ? 1 : 0;
            progenitorHits += answer.progenitor().equals("hit") ? 1 : 0;
            progenitorMisses += answer.progenitor().equals("miss") ? 1 : 0;
            bytes += answer.bytes();
            if (answer.failure() != null) {
                failures++;
                firstFailure = firstFailure == null ? answer.failure() : firstFailure;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> used = ProcessCpu.between(cpuBefore, cpu.sample());
        used.put("other processes (not this run)", Math.max(0, ProcessCpu.machineBusySeconds() - busyBefore - ProcessCpu.total(used)));
        String log = cutmerge.log().substring(Math.min(logStart, cutmerge.log().length()));
        List<Long> serviceMillis = serviceMillis(log, hits > 0);
        Measurement m = new Measurement(name, new Latencies(nanos), hits, sets.size() - hits, progenitorHits, progenitorMisses,
                bytes / sets.size(),
                seconds, used, serviceMillis, failures, firstFailure);
        measurements.add(m);
        say(String.format(Locale.ROOT, "  p50 %s, p95 %s, cache %d hit / %d miss, progenitor %d hit / %d miss, %,d bytes a result, "
                        + "%d wrong", TapBenchmark.ms(m.latencies().percentileMillis(50)),
                TapBenchmark.ms(m.latencies().percentileMillis(95)), m.hits(), m.misses(), m.progenitorHits(), m.progenitorMisses(),
                m.bytesEach(), m.failures()));
        return m;
    }

    /** One Cut &amp; Merge request (GET for 10 rows, as a DataLink client does; POST form for 1000, too long for a URL). */
    private Answer cutMerge(long[] ids) throws IOException, InterruptedException {
        String query = Arrays.stream(ids).mapToObj(id -> "ID=" + encode(idPrefix + id)).collect(Collectors.joining("&"));
        HttpRequest request = ids.length <= FEW_ROWS
                ? HttpRequest.newBuilder(URI.create(cutmerge.url() + "/cutmerge?" + query)).timeout(REQUEST_TIMEOUT).GET().build()
                : HttpRequest.newBuilder(URI.create(cutmerge.url() + "/cutmerge")).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(query)).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        String cache = response.headers().firstValue("X-Cutmerge-Cache").orElse("");
        // the local progenitor cache: absent when the result cache answered (no progenitor read)
        String progenitor = response.headers().firstValue("X-Cutmerge-Progenitor").orElse("");
        String failure = null;
        try {
            check(response.statusCode(), response.body(), cache, ids);
        } catch (RuntimeException e) { // jHDF throws its own HdfException on a file it cannot read
            Path kept = work.resolve("logs/failed-answer-" + (++failedAnswers) + ".h5");
            Files.write(kept, response.body());
            failure = e.getMessage() + " (" + ids.length + " rows; answer kept in " + kept + ")";
            say("  FAILED: " + failure);
        }
        return new Answer(nanos, cache.equals("hit"), progenitor, response.body().length, failure);
    }

    /**
     * A right answer: 200, an HDF5 file (signature), {@code row_count} = the rows asked, {@code /CompleteSource/source_id}
     * = the IDs in the order asked, and an {@code X-Cutmerge-Cache} header.
     */
    static void check(int status, byte[] body, String cache, long[] ids) {
        if (status != 200) {
            throw new IllegalStateException("Cut & Merge answered HTTP " + status + ": "
                    + new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8));
        }
        if (body.length < HDF5_SIGNATURE.length || !Arrays.equals(body, 0, HDF5_SIGNATURE.length, HDF5_SIGNATURE, 0, HDF5_SIGNATURE.length)) {
            throw new IllegalStateException("the answer (" + body.length + " bytes) is not an HDF5 file");
        }
        if (!cache.equals("hit") && !cache.equals("miss")) {
            throw new IllegalStateException("X-Cutmerge-Cache is '" + cache + "', not hit or miss");
        }
        try (HdfFile hdf = HdfFile.fromBytes(body)) {
            long[] got = (long[]) hdf.getDatasetByPath(GROUP + "/source_id").getData();
            if (!Arrays.equals(got, ids)) {
                throw new IllegalStateException(GROUP + "/source_id of the answer is not the rows asked for, in their order");
            }
            long count;
            try {
                Attribute rowCount = hdf.getAttribute("row_count");
                count = rowCount == null ? -1 : scalarNumber(rowCount.getData());
            } catch (RuntimeException e) {
                throw new IllegalStateException("the rows are right, but the file's root attributes cannot be read ("
                        + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()) + ")", e);
            }
            if (count != ids.length) {
                throw new IllegalStateException("row_count is " + count + ", " + ids.length + " rows were asked for");
            }
        }
    }

    /** A scalar attribute's value, whether jHDF gives it as a number or as an array of one. */
    static long scalarNumber(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value != null && value.getClass().isArray() && Array.getLength(value) == 1) {
            return scalarNumber(Array.get(value, 0));
        }
        throw new IllegalStateException("not a number: " + value);
    }

    /** Times the service logged for results it built, or with {@code cached} for those it served from its cache. */
    static List<Long> serviceMillis(String log, boolean cached) {
        List<Long> millis = new ArrayList<>();
        Matcher found = (cached ? SERVED : BUILT).matcher(log);
        while (found.find()) {
            millis.add(Long.parseLong(found.group(1)));
        }
        return millis;
    }

    // ---- baselines -------------------------------------------------------------------------------------------------

    private static Latencies baseline(Path file, List<int[]> sets, boolean perRow) {
        long[] nanos = new long[sets.size()];
        for (int i = 0; i < sets.size(); i++) {
            long start = System.nanoTime();
            readRows(file, sets.get(i), perRow);
            nanos[i] = System.nanoTime() - start;
        }
        return new Latencies(nanos);
    }

    /**
     * jHDF reading {@code rows} of every row dataset of /CompleteSource from a local file, opened for the purpose.
     * As cutmerge-service does: one hyperslab per contiguous run of rows, or a filtered (deflate) dataset read whole
     * with more than {@link #SERVICE_MAX_RUNS} runs; with {@code perRow} always one hyperslab per row. Returns the
     * values read.
     */
    static long readRows(Path file, int[] rows, boolean perRow) {
        int[] sorted = rows.clone();
        Arrays.sort(sorted);
        List<int[]> runs = runs(sorted);
        long values = 0;
        try (HdfFile hdf = new HdfFile(file)) {
            Node node = hdf.getByPath(GROUP);
            Group group = (Group) node;
            int groupRows = hdf.getDatasetByPath(GROUP + "/source_id").getDimensions()[0];
            for (Node child : group.getChildren().values()) {
                if (!(child instanceof Dataset dataset) || dataset.isCompound() || dataset.isScalar()
                        || dataset.getDimensions().length == 0 || dataset.getDimensions()[0] != groupRows) {
                    continue;
                }
                if (!perRow && runs.size() > SERVICE_MAX_RUNS && !dataset.getFilters().isEmpty()) {
                    Object all = dataset.getData();
                    for (int row : sorted) {
                        values += Array.get(all, row) == null ? 0 : 1;
                    }
                } else {
                    for (int[] run : perRow ? single(sorted) : runs) {
                        int[] shape = dataset.getDimensions().clone();
                        shape[0] = run[1];
                        long[] offset = new long[shape.length];
                        offset[0] = run[0];
                        values += Array.getLength(dataset.getData(offset, shape));
                    }
                }
            }
        }
        return values;
    }

    /** Contiguous runs {start, length} of sorted rows. */
    static List<int[]> runs(int[] sorted) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < sorted.length; ) {
            int j = i + 1;
            while (j < sorted.length && sorted[j] == sorted[j - 1] + 1) {
                j++;
            }
            runs.add(new int[] {sorted[i], j - i});
            i = j;
        }
        return runs;
    }

    private static List<int[]> single(int[] sorted) {
        List<int[]> runs = new ArrayList<>();
        for (int row : sorted) {
            runs.add(new int[] {row, 1});
        }
        return runs;
    }

    /** The progenitor downloaded from S3Proxy to a local file, as the service does on a miss (curl, SigV4). */
    private Latencies s3Get(LocalComponent s3, String bucket, String objectKey) throws Exception {
        Path target = work.resolve("s3-get.h5");
        long[] nanos = new long[CONTEXT_REPEATS];
        for (int i = 0; i < CONTEXT_REPEATS; i++) {
            Process curl = new ProcessBuilder("curl", "-sS", "-f", "-o", target.toString(), "--aws-sigv4", "aws:amz:"
                    + S3_REGION + ":s3", "--user", ArchiveConfig.S3_ACCESS_KEY + ":" + ArchiveConfig.S3_SECRET_KEY,
                    "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-w", "%{time_total}",
                    "http://127.0.0.1:" + s3.port() + "/" + bucket + "/" + objectKey).redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!curl.waitFor(5, TimeUnit.MINUTES) || curl.exitValue() != 0) {
                say("  S3 GET with curl failed (context only): " + output);
                return new Latencies(new long[0]);
            }
            nanos[i] = (long) (Double.parseDouble(output.substring(output.lastIndexOf('\n') + 1).trim()) * 1e9);
        }
        Files.deleteIfExists(target);
        return new Latencies(nanos);
    }

    private static Latencies md5(Path file) throws Exception {
        long[] nanos = new long[CONTEXT_REPEATS];
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < CONTEXT_REPEATS; i++) {
            long start = System.nanoTime();
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md5.update(buffer, 0, n);
                }
            }
            HexFormat.of().formatHex(md5.digest());
            nanos[i] = System.nanoTime() - start;
        }
        return new Latencies(nanos);
    }

    // ---- report ----------------------------------------------------------------------------------------------------

    private String report(WrittenFile progenitor, GaiaLoader.Loaded loaded, MemorySampler.Peak memory, Measurement cold, Latencies fewBaseline,
                          Latencies fewPerRow, Latencies manyBaseline, Latencies manyPerRow, Latencies s3Get, Latencies md5) {
        Measurement few = find(FEW_ROWS + " rows, new selection");
        Measurement many = find(MANY_ROWS + " rows, new selection");
        Measurement repeated = find(FEW_ROWS + " rows, repeated selection");
        double fewP50 = few.latencies().percentileMillis(50);
        TextTable results = new TextTable("figure", "value", "baseline (same run): jHDF, local file", "ratio", "goal", "result");
        results.row(FEW_ROWS + " rows, new selection, progenitor cached, median", ms(fewP50), ms(fewBaseline.percentileMillis(50)) + " " + strategy(FEW_ROWS),
                times(fewP50 / fewBaseline.percentileMillis(50)), "<= " + ms(GOAL_FEW_MEDIAN_MS), TapBenchmark.verdict(fewP50 <= GOAL_FEW_MEDIAN_MS));
        results.row(FEW_ROWS + " rows, new selection, p95", ms(few.latencies().percentileMillis(95)),
                ms(fewBaseline.percentileMillis(95)), times(few.latencies().percentileMillis(95) / fewBaseline.percentileMillis(95)), "-", "-");
        results.row(FEW_ROWS + " rows, jHDF hyperslab per row (context)", "-", ms(fewPerRow.percentileMillis(50)) + " median", "-", "-", "-");
        double manyP50 = many.latencies().percentileMillis(50);
        results.row(MANY_ROWS + " rows, new selection, median", ms(manyP50), ms(manyBaseline.percentileMillis(50)) + " " + strategy(MANY_ROWS),
                times(manyP50 / manyBaseline.percentileMillis(50)), "-", "-");
        results.row(MANY_ROWS + " rows, new selection, p95", ms(many.latencies().percentileMillis(95)),
                ms(manyBaseline.percentileMillis(95)), times(many.latencies().percentileMillis(95) / manyBaseline.percentileMillis(95)), "-", "-");
        results.row(MANY_ROWS + " rows, jHDF hyperslab per row (context)", "-", ms(manyPerRow.percentileMillis(50)) + " median", "-", "-", "-");
        double repeatedP50 = repeated.latencies().percentileMillis(50);
        results.row(FEW_ROWS + " rows, repeated selection (result cache), median", ms(repeatedP50),
                ms(fewBaseline.percentileMillis(50)), times(repeatedP50 / fewBaseline.percentileMillis(50)), "-", "-");
        results.row(FIRST, ms(cold.latencies().percentileMillis(50)), "-", "-", "-", "-");
        results.row("cutmerge-service memory under the requests", memory.describe(options.serviceHeap()), "-", "-", "-", "-");
        loaded.memoryRows(results);

        TextTable where = new TextTable("where a new selection's time goes (measured apart)", "median");
        where.row("S3 GET of the whole progenitor to a local file (curl, S3Proxy; the service: once, on a miss)", s3Get.count() == 0 ? "failed" : ms(s3Get.percentileMillis(50)));
        where.row("md5 of the local file (Java MessageDigest; the service: once, on a miss)", ms(md5.percentileMillis(50)));
        where.row("jHDF reading the rows, " + FEW_ROWS + " rows (" + strategy(FEW_ROWS) + ")", ms(fewBaseline.percentileMillis(50)));
        where.row("the service's own time for " + FEW_ROWS + " rows (its log, build only)", medianMillis(few.serviceMillis()));
        where.row("the service's own time for " + MANY_ROWS + " rows (its log, build only)", medianMillis(many.serviceMillis()));
        where.row("client-side latency for " + FEW_ROWS + " rows", ms(fewP50));
        where.row("the service's own time for a repeated selection (its log, served from the cache)", medianMillis(repeated.serviceMillis()));
        where.row("client-side latency for a repeated selection", ms(repeatedP50));

        String settings = String.format(Locale.ROOT, "%s, %.1f MB, %,d sources%s (loaded through the ingestion services in %.1f s); "
                        + "%d + %d requests of %d and %d rows after %d warm-up requests of each; one client; cutmerge-service -Xmx%s",
                progenitor.path().getFileName(), progenitor.bytes() / 1e6, progenitor.rows(), options.compress() ? ", deflate" : ", uncompressed",
                loaded.seconds(), options.repeatsFew(), options.repeatsMany(), FEW_ROWS, MANY_ROWS, options.warmup(), options.serviceHeap());
        summary = BenchmarkSummary.of(settings, results);
        StringBuilder out = new StringBuilder();
        out.append("settings: ").append(settings).append("\n\n");
        out.append(results.render()).append('\n');
        out.append(where.render()).append('\n');

        TextTable detail = new TextTable("measurement", "requests", "wrong", "cache hit/miss", "progenitor hit/miss", "wall", "p50", "p95", "bytes each",
                "cutmerge CPU", "PostgreSQL CPU", "S3Proxy CPU", "client CPU", "other processes");
        for (Measurement m : measurements) {
            detail.row(m.name(), Integer.toString(m.latencies().count()), Integer.toString(m.failures()), m.hits() + " / " + m.misses(),
                    m.progenitorHits() + " / " + m.progenitorMisses(),
                    String.format(Locale.ROOT, "%.1f s", m.seconds()), ms(m.latencies().percentileMillis(50)),
                    ms(m.latencies().percentileMillis(95)), String.format(Locale.ROOT, "%,d", m.bytesEach()),
                    cpuShare(m, "cutmerge-service"), cpuShare(m, "postgresql"), cpuShare(m, "s3proxy"),
                    cpuShare(m, "benchmark (client)"), cpuShare(m, "other processes (not this run)"));
        }
        out.append(detail.render());
        int cores = Runtime.getRuntime().availableProcessors();
        out.append(String.format(Locale.ROOT, "(CPU as a share of one core over the wall time; %d cores = %d %%)%n", cores, 100 * cores));
        return out.toString();
    }

    private String strategy(int rows) {
        return rows > SERVICE_MAX_RUNS && options.compress() ? "datasets read whole" : "hyperslab per run";
    }

    private Measurement find(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("not measured: " + name));
    }

    private static String medianMillis(List<Long> millis) {
        if (millis.isEmpty()) {
            return "? (not in the log)";
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return ms(sorted[(sorted.length - 1) / 2]) + " (" + sorted.length + " logged)";
    }

    private static String cpuShare(Measurement m, String process) {
        Double used = m.cpuSeconds().get(process);
        return used == null ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * used / m.seconds());
    }

    static String ms(double millis) {
        return TapBenchmark.ms(millis);
    }

    static String times(double ratio) {
        return TapBenchmark.times(ratio);
    }

    record Answer(long nanos, boolean hit, String progenitor, long bytes, String failure) {
    }

    record Measurement(String name, Latencies latencies, int hits, int misses, int progenitorHits, int progenitorMisses,
                       long bytesEach, double seconds,
                       Map<String, Double> cpuSeconds, List<Long> serviceMillis, int failures, String firstFailure) {
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

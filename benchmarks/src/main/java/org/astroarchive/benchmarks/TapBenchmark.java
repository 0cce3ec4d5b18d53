package org.astroarchive.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The packaged tap-service on real PostgreSQL + pgSphere and S3, loaded with Gaia-like sources through the ingestion
 * services, each figure against a baseline measured in the same run (issues 4 and 7): the SQL that tap-service sent
 * to PostgreSQL (read from PostgreSQL's own log), run straight over JDBC. See benchmarks/README.md.
 *
 * <p>Exit status: 0 measured (whether or not the goals are met), 1 the run failed (a request failed, a service
 * died), 2 bad arguments.
 */
public final class TapBenchmark implements BenchmarkMain.Run {

    /** Goals of issue 4 on the project's 2-core machine. */
    static final double GOAL_SEED_MEDIAN_MS = 10;
    static final double GOAL_CONE_PER_SECOND = 300;
    static final int GOAL_CONE_CLIENTS = 8;
    static final double GOAL_TOP_MB_PER_SECOND = 150;
    static final double GOAL_ASYNC_MEDIAN_MS = 100;

    /** The reference query; archive-datagen puts 5 sources in its box (alpha, delta in radians). */
    static final String SEED_QUERY = "SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815"
            + " AND delta < 0.40205 AND delta > 0.40185";
    static final double CONE_RADIUS_DEGREES = 0.1;
    static final int TOP_ROWS = 100_000;
    static final String TOP_QUERY = "SELECT TOP " + TOP_ROWS + " * FROM gaia.completesource";
    /** Cone centres: positions of sources drawn at random (so that cones are not empty), the same for both sides. */
    private static final int CONE_CENTRES = 1000;
    private static final int SOURCES_PER_FILE = 250_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern PHASE = Pattern.compile("<uws:phase>([A-Z]+)</uws:phase>");
    /** A statement as PostgreSQL logs it with log_min_duration_statement = 0 (extended protocol or simple). */
    private static final Pattern LOGGED_STATEMENT = Pattern.compile("LOG:\\s+duration: [0-9.]+ ms\\s+(?:execute [^:]*|statement): (.*)$");

    private final TapOptions options;
    private final String commandLine;
    private final BenchmarkProcesses processes;
    private final List<Measurement> measurements = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private Path work;
    private QuarkusApp tap;
    private ProcessCpu cpu;
    private BenchmarkSummary summary = BenchmarkSummary.none();

    TapBenchmark(TapOptions options, String commandLine) {
        this.options = options;
        this.commandLine = commandLine;
        this.processes = new BenchmarkProcesses(options.keep());
    }

    public static void main(String[] args) {
        BenchmarkMain.main(args, "tap", TapOptions.USAGE, TapOptions::parse, TapOptions::keep, TapBenchmark::new);
    }

    @Override
    public void run() throws Exception {
        boolean tempWorkDir = options.workDir() == null;
        work = tempWorkDir ? Files.createTempDirectory("archive-tap-bench-") : Files.createDirectories(options.workDir());
        Path logs = Files.createDirectories(work.resolve("logs"));
        if (tempWorkDir && !options.keep()) {
            processes.atEnd(() -> IngestionBenchmark.deleteTree(work));
        }
        say("TAP benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        say("  command: " + commandLine);
        say("  services: " + IngestionBenchmark.jarBuilt("tap-service") + "; loaded by "
                + IngestionBenchmark.jarBuilt("importer-service") + ", " + IngestionBenchmark.jarBuilt("metadata-service"));
        say("  machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + IngestionBenchmark.cpuModel() + "), "
                + IngestionBenchmark.memTotal() + " RAM; Java " + System.getProperty("java.version") + "; work dir " + work);

        LocalComponent postgres = component(LocalComponent.Kind.POSTGRES);
        LocalComponent s3 = component(LocalComponent.Kind.S3);
        // tap-service keeps the DataLink selections of its results in Redis (its default is the local stack's)
        LocalComponent redis = component(LocalComponent.Kind.REDIS);
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/archive";
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            say("  " + scalar(db, "SELECT version()"));
            GaiaLoader.Loaded loaded = load(db, postgres, s3, work.resolve("data"), logs);
            // Gaia is private (V6: group gaia); the benchmark's clients are anonymous, so in this throw-away database
            // it is made public: access checks cost one cached lookup per query, login is not what is measured here.
            execute(db, "DELETE FROM archive.collection_access WHERE schema_name = 'gaia'");
            say("gaia made public in the benchmark's database (anonymous clients)");
            say("VACUUM (ANALYZE) gaia.completesource, CHECKPOINT (not timed) ...");
            execute(db, "VACUUM (ANALYZE) gaia.completesource");
            execute(db, "CHECKPOINT");

            say("starting tap-service (-Xmx" + options.serviceHeap() + ") ...");
            tap = service("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                    ArchiveConfig.redis(redis)), options.serviceHeap(), logs);
            cpu = new ProcessCpu();
            cpu.watch("tap-service", tap.pid());
            ProcessCpu.pidFromFile(postgres.dir().resolve("data/postmaster.pid")).ifPresent(pid -> cpu.watch("postgresql", pid));
            ProcessCpu.pidFromFile(s3.dir().resolve("pid")).ifPresent(pid -> cpu.watch("s3proxy", pid));
            ProcessCpu.pidFromFile(redis.dir().resolve("pid")).ifPresent(pid -> cpu.watch("redis", pid));
            cpu.watchAlone("benchmark (client)", ProcessHandle.current().pid());

            // The baselines run the SQL tap-service itself sent, read from PostgreSQL's log (not a copy of the translator).
            Path pgLog = postgres.dir().resolve("server.log");
            String seedSql = translated(db, pgLog, SEED_QUERY, null);
            List<double[]> centres = coneCentres(db);
            String coneTemplate = coneTemplate(translated(db, pgLog, coneQuery(centres.get(0)), null), centres.get(0));
            String topSql = translated(db, pgLog, TOP_QUERY, (long) TOP_ROWS);
            say("  seed SQL: " + seedSql);
            say("  cone SQL: " + coneTemplate.formatted("<ra>", "<dec>"));
            say("  TOP SQL:  " + topSql);
            checkAnswers(db, seedSql, centres, coneTemplate, topSql);
            say("  plan of the seed query:\n" + plan(db, seedSql));
            say("  plan of the first cone:\n" + plan(db, coneSql(coneTemplate, centres.get(0))));

            int maxClients = options.clients().get(options.clients().size() - 1);
            List<Connection> jdbc = new ArrayList<>();
            try {
                for (int i = 0; i < maxClients; i++) {
                    jdbc.add(DriverManager.getConnection(jdbcUrl, "postgres", ""));
                }
                measureAll(jdbc, seedSql, centres, coneTemplate, topSql);
            } finally {
                for (Connection connection : jdbc) {
                    connection.close();
                }
            }
            say("");
            say(report(loaded));
            long failures = measurements.stream().mapToLong(m -> m.result().failures()).sum();
            if (failures > 0) {
                throw new IllegalStateException(failures + " request(s) failed; first: " + measurements.stream()
                        .map(m -> m.result().firstFailure()).filter(f -> f != null).findFirst().orElse("?")
                        + "\ntap-service log:\n" + tap.logTail(30));
            }
        }
    }

    // ---- loading ---------------------------------------------------------------------------------------------------

    /**
     * Loads the sources the way an archive gets them: HDF5 files through importer-service, Kafka and
     * metadata-service, which also creates the table, its indexes and its TAP_SCHEMA entry. Those services and Kafka
     * are stopped afterwards: tap-service does not use them, and they would only take CPU from the measurements.
     */
    private GaiaLoader.Loaded load(Connection db, LocalComponent postgres, LocalComponent s3, Path data, Path logs) throws Exception {
        int perFile = (int) Math.min(SOURCES_PER_FILE, options.sources());
        say("generating " + options.sources() + " sources, " + perFile + " a file (not timed) ...");
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(data, options.sources()).withSourcesPerFile(perFile));
        List<WrittenFile> files = report.files(GaiaTable.COMPLETE_SOURCE);
        say(String.format(Locale.ROOT, "  %d files written in %.1f s; loading the %d CompleteSource files",
                report.files().size(), report.elapsed().toMillis() / 1e3, files.size()));
        System.gc();
        return GaiaLoader.load(processes, http, db, postgres, s3, files, options.sources(), logs);
    }

    // ---- what tap-service runs -------------------------------------------------------------------------------------

    /**
     * Sends {@code adql} to /tap/sync once (CSV) with PostgreSQL logging every statement, and returns the statement
     * tap-service ran for it. MAXREC changes the SQL (LIMIT MAXREC + 1), so measured requests send the same MAXREC.
     */
    private String translated(Connection db, Path pgLog, String adql, Long maxrec) throws Exception {
        long offset = Files.size(pgLog);
        execute(db, "ALTER SYSTEM SET log_min_duration_statement = 0");
        execute(db, "SELECT pg_reload_conf()");
        Thread.sleep(300); // the reload reaches the pool's backends asynchronously
        try {
            HttpResponse<InputStream> response = send(syncRequest(adql, "csv", maxrec));
            checked(response, ResponseBody.read(response.body(), new byte[65536]));
        } finally {
            execute(db, "ALTER SYSTEM RESET log_min_duration_statement");
            execute(db, "SELECT pg_reload_conf()");
        }
        Thread.sleep(300);
        byte[] all = Files.readAllBytes(pgLog);
        String logged = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
        for (String line : logged.split("\n")) {
            Matcher statement = LOGGED_STATEMENT.matcher(line);
            if (statement.find() && statement.group(1).startsWith("SELECT") && statement.group(1).contains("gaia.completesource")) {
                return statement.group(1).trim();
            }
        }
        throw new IllegalStateException("PostgreSQL's log (" + pgLog + ") shows no statement of tap-service for " + adql);
    }

    /** Positions of random sources (fixed seed), in degrees, as the cone centres. */
    private static List<double[]> coneCentres(Connection db) throws SQLException {
        execute(db, "SELECT setseed(0.42)");
        List<double[]> centres = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT ra, dec FROM gaia.completesource ORDER BY random() LIMIT " + CONE_CENTRES)) {
            while (rs.next()) {
                centres.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
            }
        }
        return centres;
    }

    static String coneQuery(double[] centre) {
        return "SELECT * FROM gaia.completesource WHERE 1=CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', "
                + degrees(centre[0]) + ", " + degrees(centre[1]) + ", " + CONE_RADIUS_DEGREES + "))";
    }

    static String degrees(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /**
     * The translated cone SQL with its centre as {@code %1$s} (ra) and {@code %2$s} (dec), so that the baseline runs
     * the SQL tap-service runs for every other centre too.
     */
    static String coneTemplate(String sql, double[] centre) {
        String template = sql.replace("%", "%%");
        for (int i = 0; i < 2; i++) {
            Pattern literal = Pattern.compile("(?<![0-9.])" + Pattern.quote(degrees(centre[i])) + "(?![0-9])");
            Matcher found = literal.matcher(template);
            int count = 0;
            while (found.find()) {
                count++;
            }
            if (count != 1) {
                throw new IllegalStateException("the cone centre " + degrees(centre[i]) + " occurs " + count
                        + " times in tap-service's SQL, not once: " + sql);
            }
            template = literal.matcher(template).replaceFirst(Matcher.quoteReplacement("%" + (i + 1) + "$s"));
        }
        return template;
    }

    private static String coneSql(String template, double[] centre) {
        return template.formatted(degrees(centre[0]), degrees(centre[1]));
    }

    /** Before anything is timed: tap-service and the baseline give the same rows, and the default format is BINARY2. */
    private void checkAnswers(Connection db, String seedSql, List<double[]> centres, String coneTemplate, String topSql) throws Exception {
        long seedRows = jdbcRows(db, seedSql);
        long tapSeedRows = csvRows(SEED_QUERY, null);
        if (seedRows < 1 || seedRows != tapSeedRows) {
            throw new IllegalStateException("seed query: tap-service gave " + tapSeedRows + " rows, PostgreSQL " + seedRows);
        }
        long coneRows = 0;
        for (int i = 0; i < 5; i++) {
            long direct = jdbcRows(db, coneSql(coneTemplate, centres.get(i)));
            long viaTap = csvRows(coneQuery(centres.get(i)), null);
            if (direct != viaTap || direct < 1) {
                throw new IllegalStateException("cone " + i + ": tap-service gave " + viaTap + " rows, PostgreSQL " + direct);
            }
            coneRows += direct;
        }
        long topRows = csvRows(TOP_QUERY, (long) TOP_ROWS);
        if (topRows != Math.min(TOP_ROWS, options.sources())) {
            throw new IllegalStateException("TOP " + TOP_ROWS + ": tap-service gave " + topRows + " rows");
        }
        HttpResponse<InputStream> binary = send(syncRequest(SEED_QUERY, null, null));
        if (!checked(binary, ResponseBody.read(binary.body(), new byte[65536])).contains("</BINARY2>")) {
            throw new IllegalStateException("the default format is not VOTable BINARY2: " + binary.headers().map());
        }
        HttpResponse<InputStream> csv = send(syncRequest(SEED_QUERY, "csv", null));
        boolean seedForm = checked(csv, ResponseBody.read(csv.body(), new byte[65536])).contains("clientId=");
        say(String.format(Locale.ROOT, "  checked: seed query %d rows, first 5 cones %d rows, TOP %d rows on both sides; "
                + "the default format is BINARY2; access_url %s", seedRows, coneRows, topRows, seedForm
                ? "in the seed form (DataLink selections written to Redis with every result)" : "as stored (no Redis selections)"));
    }

    /** PostgreSQL's plan with its timing, to tell the database's share of a figure. */
    private static String plan(Connection db, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rs.next()) {
                plan.append(plan.length() == 0 ? "" : "\n").append("    ").append(rs.getString(1));
            }
        }
        return plan.toString();
    }

    private long csvRows(String adql, Long maxrec) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(syncRequest(adql, "csv", maxrec));
        long newlines = 0;
        byte[] buffer = new byte[65536];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
            }
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(adql + " answered HTTP " + response.statusCode());
        }
        return newlines - 1; // the header line
    }

    // ---- measurements ----------------------------------------------------------------------------------------------

    /** One measured figure: what was measured, the load result, and where the CPU went meanwhile. */
    record Measurement(String name, ClosedLoop.Result result, Map<String, Double> cpuSeconds, MemorySampler.Peak tapMemory,
                       double tapJitSeconds) {
    }

    private void measureAll(List<Connection> jdbc, String seedSql, List<double[]> centres, String coneTemplate,
                            String topSql) throws Exception {
        byte[][] buffers = new byte[jdbc.size()][65536];
        FormPost seed = syncPost(SEED_QUERY, null);
        FormPost top = syncPost(TOP_QUERY, (long) TOP_ROWS);
        int mostClients = options.clients().get(options.clients().size() - 1);
        // A fresh JVM compiles its hot code during the first minute of load: without this round the first figures
        // (the seed query) paid C2's compilations, ~40 % of a core, in the runs of 2026-11-23.
        jitWarmup("seed", 1, (c, i) -> tapSync(seed, buffers[c]));
        jitWarmup("cone", mostClients, (c, i) -> tapSync(syncPost(coneQuery(centre(centres, c, i)), null), buffers[c]));
        jitWarmup("TOP " + TOP_ROWS, 1, (c, i) -> tapSync(top, buffers[c]));
        jitWarmup("async", 1, (c, i) -> tapAsync(SEED_QUERY, buffers[c]));

        measure("seed, /tap/sync", 1, 1, true, (c, i) -> tapSync(seed, buffers[c]));
        measure("seed, JDBC", 1, 1, false, (c, i) -> jdbcRows(jdbc.get(c), seedSql));

        for (int clients : options.clients()) {
            measure("cone, /tap/sync, " + clientCount(clients), clients, 1, true,
                    (c, i) -> tapSync(syncPost(coneQuery(centre(centres, c, i)), null), buffers[c]));
            measure("cone, JDBC, " + clientCount(clients), clients, 1, false,
                    (c, i) -> jdbcRows(jdbc.get(c), coneSql(coneTemplate, centre(centres, c, i))));
        }

        measure("TOP " + TOP_ROWS + ", /tap/sync BINARY2", 1, 3, true, (c, i) -> tapSync(top, buffers[c]));
        measure("TOP " + TOP_ROWS + ", COPY TO STDOUT", 1, 3, false, (c, i) -> copyOut(jdbc.get(c), topSql));

        measure("seed, /tap/async submit-WAIT-fetch", 1, 1, true, (c, i) -> tapAsync(SEED_QUERY, buffers[c]));
    }

    /** One untimed round of a tap-service request kind before any figure, 3 x --warmup long; its failures count. */
    private void jitWarmup(String kind, int clients, ClosedLoop.Request request) throws InterruptedException {
        int seconds = 3 * options.warmupSeconds();
        if (seconds == 0) {
            return;
        }
        say(String.format(Locale.ROOT, "JIT warm-up, %s: %d s untimed ...", kind, seconds));
        double jitBefore = ProcessCpu.compilerSeconds(tap.pid());
        ClosedLoop.Result warmup = ClosedLoop.run(clients, Duration.ofSeconds(seconds), 1, request);
        say(String.format(Locale.ROOT, "  %,d requests, JIT compiler threads %.1f s of CPU", warmup.requests(),
                ProcessCpu.compilerSeconds(tap.pid()) - jitBefore));
        if (warmup.failures() > 0) {
            measurements.add(new Measurement("JIT warm-up, " + kind, warmup, Map.of(), null, 0));
        }
    }

    /** Warm-up (untimed, but its failures count), then the measurement, with CPU and tap-service heap. */
    private void measure(String name, int clients, long minimumRequests, boolean tapSide, ClosedLoop.Request request)
            throws InterruptedException {
        say(String.format(Locale.ROOT, "measuring %s: %d s warm-up, %d s measured ...", name, options.warmupSeconds(),
                options.durationSeconds()));
        if (options.warmupSeconds() > 0) {
            ClosedLoop.Result warmup = ClosedLoop.run(clients, Duration.ofSeconds(options.warmupSeconds()), 1, request);
            if (warmup.failures() > 0) {
                measurements.add(new Measurement(name + " (warm-up)", warmup, Map.of(), null, 0));
            }
        }
        Map<String, Double> before = cpu.sample();
        double machineBefore = ProcessCpu.machineBusySeconds();
        double jitBefore = ProcessCpu.compilerSeconds(tap.pid());
        ClosedLoop.Result result;
        MemorySampler.Peak memory = null;
        try (MemorySampler sampler = new MemorySampler(tap)) {
            if (tapSide) {
                sampler.start();
            }
            result = ClosedLoop.run(clients, Duration.ofSeconds(options.durationSeconds()), minimumRequests, request);
            if (tapSide) {
                memory = sampler.peak(tap);
            }
        }
        Map<String, Double> used = ProcessCpu.between(before, cpu.sample());
        used.put("other processes (not this run)", ProcessCpu.machineBusySeconds() - machineBefore - ProcessCpu.total(used));
        measurements.add(new Measurement(name, result, used, memory, ProcessCpu.compilerSeconds(tap.pid()) - jitBefore));
        say(String.format(Locale.ROOT, "  %,d requests in %.1f s (%.1f/s), p50 %.2f ms, p95 %.2f ms, %d failed",
                result.requests(), result.seconds(), result.perSecond(), result.latencies().percentileMillis(50),
                result.latencies().percentileMillis(95), result.failures()));
        if (!tap.isAlive()) {
            throw new IllegalStateException("tap-service died:\n" + tap.logTail(40));
        }
    }

    private static String clientCount(int clients) {
        return clients + (clients == 1 ? " client" : " clients");
    }

    private static double[] centre(List<double[]> centres, int client, long sequence) {
        return centres.get((int) ((client * 7919L + sequence) % centres.size()));
    }

    private HttpRequest syncRequest(String adql, String format, Long maxrec) {
        StringBuilder form = new StringBuilder("REQUEST=doQuery&LANG=ADQL&QUERY=").append(encode(adql));
        if (format != null) {
            form.append("&RESPONSEFORMAT=").append(encode(format));
        }
        if (maxrec != null) {
            form.append("&MAXREC=").append(maxrec);
        }
        return HttpRequest.newBuilder(URI.create(tap.url() + "/tap/sync")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    }

    /** A measured sync query (default format, BINARY2), sent as the load clients send it ({@link FormPost}). */
    private FormPost syncPost(String adql, Long maxrec) {
        return new FormPost(URI.create(tap.url() + "/tap/sync"), "REQUEST=doQuery&LANG=ADQL&QUERY=" + encode(adql)
                + (maxrec == null ? "" : "&MAXREC=" + maxrec), REQUEST_TIMEOUT);
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A sync query read to its end; fails on a status other than 200 or QUERY_STATUS ERROR. Returns its bytes. */
    private long tapSync(FormPost post, byte[] buffer) throws IOException {
        FormPost.Answer answer = post.send(buffer);
        return checked("POST", post.uri(), answer.status(), answer.body()).bytes();
    }

    /**
     * TAP 1.1 §2.3 / UWS 1.1: create the job with PHASE=RUN (303 to the job), block with WAIT until it leaves the
     * active phases, then fetch results/result. Returns the result's bytes.
     */
    private long tapAsync(String adql, byte[] buffer) throws IOException, InterruptedException {
        HttpResponse<InputStream> created = send(HttpRequest.newBuilder(URI.create(tap.url() + "/tap/async"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("REQUEST=doQuery&LANG=ADQL&PHASE=RUN&QUERY=" + encode(adql))).build());
        ResponseBody createdBody = ResponseBody.read(created.body(), buffer);
        Optional<String> job = created.headers().firstValue("Location");
        if (created.statusCode() != 303 || job.isEmpty()) {
            throw new RequestFailed("creating the job answered HTTP " + created.statusCode() + ": " + snippet(createdBody));
        }
        String phase = "PENDING";
        for (int polls = 0; Set.of("PENDING", "QUEUED", "EXECUTING").contains(phase); polls++) {
            if (polls == 100) {
                throw new RequestFailed("job " + job.get() + " still " + phase + " after 100 WAITs");
            }
            HttpResponse<InputStream> waited = send(HttpRequest.newBuilder(URI.create(job.get() + "?WAIT=60"))
                    .timeout(REQUEST_TIMEOUT).GET().build());
            String document = checked(waited, ResponseBody.read(waited.body(), buffer)).text();
            Matcher found = PHASE.matcher(document);
            if (!found.find()) {
                throw new RequestFailed("job document without a phase: " + document);
            }
            phase = found.group(1);
        }
        if (!phase.equals("COMPLETED")) {
            HttpResponse<InputStream> error = send(HttpRequest.newBuilder(URI.create(job.get() + "/error")).GET().build());
            throw new RequestFailed("job " + job.get() + " ended " + phase + ": " + snippet(ResponseBody.read(error.body(), buffer)));
        }
        HttpResponse<InputStream> result = send(HttpRequest.newBuilder(URI.create(job.get() + "/results/result"))
                .timeout(REQUEST_TIMEOUT).GET().build());
        return checked(result, ResponseBody.read(result.body(), buffer)).bytes();
    }

    private static ResponseBody checked(HttpResponse<?> response, ResponseBody body) {
        return checked(response.request().method(), response.uri(), response.statusCode(), body);
    }

    private static ResponseBody checked(String method, URI uri, int status, ResponseBody body) {
        if (status != 200) {
            throw new RequestFailed(method + " " + uri + " answered HTTP " + status + ": " + snippet(body));
        }
        Optional<String> error = body.queryError();
        if (error.isPresent()) {
            throw new RequestFailed(uri + " answered QUERY_STATUS ERROR: " + error.get());
        }
        return body;
    }

    private static String snippet(ResponseBody body) {
        return body.bytes() <= ResponseBody.KEPT ? body.text().strip() : "(" + body.bytes() + " bytes)";
    }

    /** A request that did not give a result: a failure of the run. */
    static final class RequestFailed extends RuntimeException {
        RequestFailed(String message) {
            super(message);
        }
    }

    /** The baseline of a query: the same SQL over JDBC (autocommit, one statement), every value of every row read. */
    private static long jdbcRows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            long rows = 0;
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
                rows++;
            }
            return rows;
        }
    }

    /** The baseline of the TOP query: PostgreSQL's own text export of the same rows through pgjdbc. Returns bytes. */
    private static long copyOut(Connection connection, String sql) throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long[] bytes = {0};
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        long rows = copy.copyOut("COPY (" + sql + ") TO STDOUT", counter);
        if (rows < 1) {
            throw new IllegalStateException("COPY gave no rows");
        }
        return bytes[0];
    }

    // ---- report ----------------------------------------------------------------------------------------------------

    private String report(GaiaLoader.Loaded loaded) {
        TextTable results = new TextTable("figure", "value", "baseline (same run)", "ratio", "goal", "result");
        Measurement seed = find("seed, /tap/sync");
        Measurement seedJdbc = find("seed, JDBC");
        double seedP50 = p(seed, 50);
        results.row("seed query, /tap/sync, median", ms(seedP50), ms(p(seedJdbc, 50)) + " JDBC",
                times(seedP50 / p(seedJdbc, 50)), "<= " + ms(GOAL_SEED_MEDIAN_MS), verdict(seedP50 <= GOAL_SEED_MEDIAN_MS));
        results.row("seed query, /tap/sync, p95", ms(p(seed, 95)), ms(p(seedJdbc, 95)) + " JDBC",
                times(p(seed, 95) / p(seedJdbc, 95)), "-", "-");
        for (int clients : options.clients()) {
            ClosedLoop.Result viaTap = find("cone, /tap/sync, " + clientCount(clients)).result();
            ClosedLoop.Result direct = find("cone, JDBC, " + clientCount(clients)).result();
            boolean goal = clients == GOAL_CONE_CLIENTS;
            results.row("cone " + CONE_RADIUS_DEGREES + " deg, " + clientCount(clients),
                    rate(viaTap.perSecond()), rate(direct.perSecond()) + " JDBC",
                    IngestionBenchmark.percent(viaTap.perSecond() / direct.perSecond()),
                    goal ? ">= " + rate(GOAL_CONE_PER_SECOND) : "-", goal ? verdict(viaTap.perSecond() >= GOAL_CONE_PER_SECOND) : "-");
        }
        ClosedLoop.Result top = find("TOP " + TOP_ROWS + ", /tap/sync BINARY2").result();
        ClosedLoop.Result copy = find("TOP " + TOP_ROWS + ", COPY TO STDOUT").result();
        double topMb = top.volumePerSecond() / 1e6;
        double copyMb = copy.volumePerSecond() / 1e6;
        results.row("TOP " + TOP_ROWS + " *, BINARY2", mbs(topMb), mbs(copyMb) + " COPY text", IngestionBenchmark.percent(topMb / copyMb),
                ">= " + mbs(GOAL_TOP_MB_PER_SECOND), verdict(topMb >= GOAL_TOP_MB_PER_SECOND));
        long rowsEach = Math.min(TOP_ROWS, options.sources());
        double topRows = top.perSecond() * rowsEach;
        double copyRows = copy.perSecond() * rowsEach;
        results.row("TOP " + TOP_ROWS + " *, rows/s (context)", IngestionBenchmark.perSecond(topRows),
                IngestionBenchmark.perSecond(copyRows) + " COPY", IngestionBenchmark.percent(topRows / copyRows), "-", "-");
        Measurement async = find("seed, /tap/async submit-WAIT-fetch");
        double asyncP50 = p(async, 50);
        results.row("async submit -> WAIT -> fetch, median", ms(asyncP50), ms(seedP50) + " sync", times(asyncP50 / seedP50),
                "<= " + ms(GOAL_ASYNC_MEDIAN_MS), verdict(asyncP50 <= GOAL_ASYNC_MEDIAN_MS));
        results.row("async submit -> WAIT -> fetch, p95", ms(p(async, 95)), ms(p(seed, 95)) + " sync",
                times(p(async, 95) / p(seed, 95)), "-", "-");
        MemorySampler.Peak tapMemory = measurements.stream().map(Measurement::tapMemory).filter(m -> m != null)
                .reduce(MemorySampler.Peak.UNKNOWN, MemorySampler.Peak::max);
        results.row("tap-service memory under the load", tapMemory.describe(options.serviceHeap()), "-", "-", "-", "-");
        loaded.memoryRows(results);

        String settings = String.format(Locale.ROOT, "%,d sources (loaded through the ingestion services in %.1f s), "
                        + "cone clients %s, %d s measured after %d s warm-up per figure, tap-service -Xmx%s",
                options.sources(), loaded.seconds(), options.clients(), options.durationSeconds(), options.warmupSeconds(),
                options.serviceHeap());
        summary = BenchmarkSummary.of(settings, results);
        StringBuilder out = new StringBuilder();
        out.append("settings: ").append(settings).append("\n\n");
        out.append(results.render()).append('\n');

        TextTable detail = new TextTable("measurement", "requests", "failed", "wall", "req/s", "p50", "p95",
                "tap-service CPU", "of which JIT", "PostgreSQL CPU", "Redis+S3 CPU", "client CPU", "other processes",
                "tap heap peak");
        for (Measurement m : measurements) {
            ClosedLoop.Result r = m.result();
            detail.row(m.name(), String.format(Locale.ROOT, "%,d", r.requests()), Long.toString(r.failures()),
                    String.format(Locale.ROOT, "%.1f s", r.seconds()), String.format(Locale.ROOT, "%.1f", r.perSecond()),
                    ms(r.latencies().percentileMillis(50)), ms(r.latencies().percentileMillis(95)),
                    cpuShare(m, "tap-service"), share(m, m.tapJitSeconds()), cpuShare(m, "postgresql"), cpuShare(m, "redis", "s3proxy"), cpuShare(m, "benchmark (client)"),
                    cpuShare(m, "other processes (not this run)"),
                    m.tapMemory() == null || m.tapMemory().heapBytes() < 0 ? "-" : m.tapMemory().heapBytes() / 1_000_000 + " MB");
        }
        out.append(detail.render());
        int cores = Runtime.getRuntime().availableProcessors();
        out.append(String.format(Locale.ROOT, "(CPU as a share of one core over the wall time; %d cores = %d %%)%n", cores, 100 * cores));
        return out.toString();
    }

    private Measurement find(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("not measured: " + name));
    }

    private static double p(Measurement m, double percentile) {
        return m.result().latencies().percentileMillis(percentile);
    }

    private static String cpuShare(Measurement m, String... processes) {
        double seconds = 0;
        boolean found = false;
        for (String process : processes) {
            Double used = m.cpuSeconds().get(process);
            if (used != null) {
                seconds += used;
                found = true;
            }
        }
        return found ? share(m, seconds) : "-";
    }

    /** {@code seconds} of CPU as a share of one core over the measurement's wall time; "-" when not measured. */
    private static String share(Measurement m, double seconds) {
        return Double.isNaN(seconds) || m.cpuSeconds().isEmpty() ? "-"
                : String.format(Locale.ROOT, "%.0f %%", 100 * seconds / m.result().seconds());
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f req/s", perSecond);
    }

    static String mbs(double megabytesPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", megabytesPerSecond);
    }

    /** How many times the baseline's latency a figure takes. */
    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.1f x", ratio);
    }

    static String verdict(boolean met) {
        return IngestionBenchmark.verdict(met);
    }

    // ---- processes -------------------------------------------------------------------------------------------------

    private LocalComponent component(LocalComponent.Kind kind) {
        return processes.component(kind);
    }

    private QuarkusApp service(String module, Map<String, String> config, String heap, Path logs) {
        return processes.service(module, config, heap, logs);
    }

    /** Stops services, then components, then deletes the temporary files; nothing with --keep. Runs once. */
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

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
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

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

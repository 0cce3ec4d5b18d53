package org.astroarchive.suites;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;
import org.astroarchive.testsupport.SharedComponents;

/**
 * The archive the suites attack, started once per test JVM and shared by the suite classes (not through
 * SharedComponents, which starts components one after the other): real PostgreSQL, Kafka,
 * S3, Redis and Keycloak, the five packaged back-end services (not the gateway), and a little real data: Gaia-like
 * HDF5 files (private collection gaia), a FITS image (images, for SODA) and a Fermi FT1 file (fermi).
 */
final class SuiteArchive {

    static final String AUTHORITY = "astroarchive.example";
    static final String IMAGE_ID = "ivo://" + AUTHORITY + "/images?images:1904-66_AZP.fits";
    static final String FERMI_DID = "fermi:J0030+0451_w323_ft1weights.fits";
    /** Presigned URLs of this test archive live this long (datalink.presign-expiry), so expiry can be checked. */
    static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(4);
    /** Limits set small so that "oversized" stays cheap to send. */
    static final int CUTMERGE_MAX_ROWS = 200;
    static final long UPLOAD_MAX_BYTES = 200_000;

    static final String AS_ALICE = Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
    static final String AS_BOB = Keycloak.basicHeader(Keycloak.BOB, Keycloak.BOB_PASSWORD);
    /** The archive operator: the only one allowed to upload files (issue 6). */
    static final String AS_OPERATOR = Keycloak.operatorBasicHeader();

    private static SuiteArchive instance;
    private static final java.util.concurrent.ExecutorService STARTER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "suite-archive-start");
        thread.setDaemon(true);
        return thread;
    });

    final LocalComponent postgres;
    final LocalComponent kafka;
    final QuarkusApp importer;
    final QuarkusApp tap;
    final QuarkusApp datalink;
    final QuarkusApp cutmerge;
    final List<Long> gaiaSourceIds;
    final List<Long> gaiaTransitIds;
    private final List<QuarkusApp> apps = new ArrayList<>();

    private SuiteArchive() throws Exception {
        long started = System.nanoTime();
        // the components start together (SharedComponents would start them one after the other): Keycloak's start
        // then hides the others'; the services that need only PostgreSQL and Kafka start meanwhile. Keycloak comes
        // from SharedComponents: under `./archive test` it is the one started for every test JVM
        var keycloakStart = async(() -> SharedComponents.get(LocalComponent.Kind.KEYCLOAK));
        var postgresStart = component(LocalComponent.Kind.POSTGRES);
        var kafkaStart = component(LocalComponent.Kind.KAFKA);
        var s3Start = component(LocalComponent.Kind.S3);
        var redisStart = component(LocalComponent.Kind.REDIS);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "stop-suite-archive"));
        postgres = postgresStart.get();
        kafka = kafkaStart.get();
        QuarkusApp metadata = start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)));
        LocalComponent s3 = s3Start.get();
        LocalComponent redis = redisStart.get();
        Map<String, String> keycloak = ArchiveConfig.keycloak(keycloakStart.get());
        // the four others start together: on two cores that is faster than one after the other
        var importerStart = async(() -> start("importer-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka), keycloak)));
        var tapStart = async(() -> start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), ArchiveConfig.kafka(kafka), keycloak,
                Map.of("tap.upload-max-bytes", Long.toString(UPLOAD_MAX_BYTES), "tap.sync-timeout", "PT20S"))));
        var cutmergeStart = async(() -> start("cutmerge-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka), keycloak,
                Map.of("cutmerge.max-rows", Integer.toString(CUTMERGE_MAX_ROWS)))));
        importer = importerStart.get();
        tap = tapStart.get();
        cutmerge = cutmergeStart.get();
        datalink = start("datalink-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), ArchiveConfig.kafka(kafka), keycloak,
                Map.of("datalink.tap-url", tap.url() + "/tap", "datalink.cutmerge-url", cutmerge.url() + "/cutmerge",
                        "datalink.presign-expiry", PRESIGN_EXPIRY.toString())));

        Path generated = Files.createTempDirectory("suites-gaia-");
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 300).withSourcesPerFile(300).withSeed(31));
        for (WrittenFile file : report.files()) {
            put("gaia", file.path().getFileName().toString(), Files.readAllBytes(file.path()));
        }
        Path samples = RepoLayout.root().resolve("importer-service/src/test/resources/samples");
        put("images", "1904-66_AZP.fits", Files.readAllBytes(samples.resolve("fits/1904-66_AZP.fits")));
        put("fermi", "J0030+0451_w323_ft1weights.fits", Files.readAllBytes(samples.resolve("fermi/J0030+0451_w323_ft1weights.fits")));
        awaitCount("SELECT count(*) FROM archive.files", report.files().size() + 2L, Duration.ofSeconds(120));
        awaitCount("SELECT count(*) FROM gaia.completesource", report.rows(GaiaTable.COMPLETE_SOURCE), Duration.ofSeconds(60));
        awaitCount("SELECT count(*) FROM ivoa.obscore WHERE obs_publisher_did = '" + IMAGE_ID + "'", 1, Duration.ofSeconds(60));
        // TAP_SCHEMA lists gaia once metadata-service has published it: private checks only mean something then
        awaitCount("SELECT count(*) FROM tap_schema.tables WHERE table_name = 'gaia.completesource'", 1, Duration.ofSeconds(60));
        gaiaSourceIds = longs("SELECT source_id FROM gaia.completesource ORDER BY source_id LIMIT 20");
        gaiaTransitIds = longs("SELECT transit_id FROM gaia.astroelementary ORDER BY transit_id LIMIT 20");
        System.out.printf("suite archive ready after %.1f s (tap %s, datalink %s, cutmerge %s, importer %s)%n",
                (System.nanoTime() - started) / 1e9, tap.url(), datalink.url(), cutmerge.url(), importer.url());
    }

    static synchronized SuiteArchive get() throws Exception {
        if (instance == null) {
            instance = new SuiteArchive();
        }
        return instance;
    }

    /** {@code suites.full=true}: the full forms (README); otherwise the reduced sample of the normal build. */
    static boolean full() {
        return Boolean.getBoolean("suites.full");
    }

    /** The seed of the generated inputs: {@code -Dsuites.seed=N} to replay a run, else fixed. */
    static long seed() {
        String seed = System.getProperty("suites.seed", "");
        return seed.isBlank() ? 20261122L : Long.parseLong(seed.trim());
    }

    long count(String sql) throws SQLException {
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Row counts of every table of the collections and the catalogue, to compare before and after a suite. */
    Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("archive.files", "archive.replicas", "archive.staged_batches", "archive.pending_files",
                "ivoa.obscore", "gaia.completesource", "gaia.astroelementary", "gaia.crossmatch", "fermi.photon",
                "tap_schema.tables", "tap_schema.columns", "archive.collection_access", "archive.collection_descriptions")) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private void put(String collection, String name, byte[] bytes) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(importer.url() + "/api/files/" + collection + "/" + name))
                .header("Content-Type", "application/octet-stream").header("Authorization", AS_OPERATOR)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("ingesting " + collection + "/" + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    private void awaitCount(String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = count(sql);
                if (last >= expected) {
                    return;
                }
            } catch (SQLException notYet) {
                // the table is created by the first batch
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("expected " + expected + " but found " + last + " after " + timeout + ": " + sql);
    }

    private final List<LocalComponent> components = new ArrayList<>();

    private java.util.concurrent.CompletableFuture<LocalComponent> component(LocalComponent.Kind kind) {
        return async(() -> {
            LocalComponent component = LocalComponent.start(kind);
            synchronized (components) {
                components.add(component);
            }
            return component;
        });
    }

    /** Services first, then the infrastructure they use. */
    private void stopAll() {
        synchronized (apps) {
            apps.forEach(QuarkusApp::close);
        }
        synchronized (components) {
            for (LocalComponent component : components) {
                try {
                    component.close();
                } catch (RuntimeException e) {
                    System.err.println("could not stop " + component.kind() + ": " + e.getMessage());
                }
            }
        }
    }

    private QuarkusApp start(String module, Map<String, String> config) {
        QuarkusApp app = QuarkusApp.start(module, config);
        synchronized (apps) {
            apps.add(app);
        }
        return app;
    }

    private static <T> java.util.concurrent.CompletableFuture<T> async(java.util.function.Supplier<T> task) {
        // not the common pool: on two cores it runs one task at a time
        return java.util.concurrent.CompletableFuture.supplyAsync(task, STARTER);
    }
}

package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault suite (issue 7): the metadata service, the importer, the Kafka broker and PostgreSQL are killed (SIGKILL), one
 * at a time, in the middle of an ingestion of many files and started again: every row arrives exactly once, no file
 * is left half-published, nothing stays staged. Clients retry what was refused, as the importer's callers must
 * (a refused upload is not stored: docs/reliability.md).
 */
class IngestionFaultIT {

    private static final String SCOPE = "fault";

    @TempDir
    Path generated;

    @Test
    void killingTheMetadataServiceMidwayLosesAndDuplicatesNothing() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        Map<String, String> metadataConfig = ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka));
        // another seed than GaiaToTapIT and no seed-box sources: the two tests share the database
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 4000).withSourcesPerFile(250)
                .withSeed(7).withSeedBoxSources(0));
        int files = report.files().size();

        QuarkusApp metadata = QuarkusApp.start("metadata-service", metadataConfig);
        QuarkusApp importer = QuarkusApp.start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        try {
            Future<?> uploads = uploader.submit(() -> {
                for (WrittenFile file : report.files()) {
                    given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(file.path()))
                            .when().put(importer.url() + "/api/files/gaia/" + file.path().getFileName() + "?scope=" + SCOPE)
                            .then().statusCode(201);
                }
                return null;
            });
            awaitAtLeast(postgres, "SELECT count(*) FROM archive.files WHERE scope = '" + SCOPE + "'", files / 4, Duration.ofSeconds(120));
            metadata.kill();
            long publishedAtKill = query(postgres, "SELECT count(*) FROM archive.files WHERE scope = '" + SCOPE + "'");
            assertThat(publishedAtKill).as("killed midway").isLessThan(files);

            metadata = QuarkusApp.start("metadata-service", metadataConfig);
            uploads.get();
            awaitAtLeast(postgres, "SELECT count(*) FROM archive.files WHERE scope = '" + SCOPE + "'", files, Duration.ofSeconds(180));

            assertEveryRowExactlyOnce(postgres, SCOPE, report);
        } finally {
            uploader.shutdownNow();
            importer.close();
            metadata.close();
        }
    }

    @Test
    void killingTheImporterMidFileLeavesNothingVisibleAndTheResentFileArrivesOnce() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        Map<String, String> importerConfig = ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.kafka(kafka));
        // one large file: ~180,000 transits in ~36 row batches, so the kill lands while batches are being sent
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 8000).withSourcesPerFile(8000)
                .withSeed(11).withSeedBoxSources(0));
        WrittenFile transits = report.files(GaiaTable.ASTRO_ELEMENTARY).get(0);
        String scope = "fault2";
        String did = scope + ":" + transits.path().getFileName();

        QuarkusApp metadata = QuarkusApp.start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.kafka(kafka)));
        QuarkusApp importer = QuarkusApp.start("importer-service", importerConfig);
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        try {
            byte[] bytes = Files.readAllBytes(transits.path());
            String url = importer.url() + "/api/files/gaia/" + transits.path().getFileName() + "?scope=" + scope;
            Future<Integer> cut = uploader.submit(() -> {
                try {
                    return given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(bytes).when().put(url).statusCode();
                } catch (Exception connectionLost) { // RestAssured rethrows the checked NoHttpResponseException
                    return -1;
                }
            });
            awaitBatchesArriving(postgres, metadata, did, Duration.ofSeconds(60));
            importer.kill();
            assertThat(cut.get()).as("the upload was cut").isNotEqualTo(201);
            Thread.sleep(2000);
            assertThat(query(postgres, "SELECT count(*) FROM archive.files WHERE did = '" + did + "'"))
                    .as("nothing published of a file whose importer died").isZero();

            importer = QuarkusApp.start("importer-service", importerConfig);
            given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(bytes).when()
                    .put(importer.url() + "/api/files/gaia/" + transits.path().getFileName() + "?scope=" + scope)
                    .then().statusCode(201);
            awaitAtLeast(postgres, "SELECT count(*) FROM archive.files WHERE did = '" + did + "'", 1, Duration.ofSeconds(120));
            assertThat(query(postgres, "SELECT count(*) FROM gaia.astroelementary WHERE did_scope = '" + scope + "'"))
                    .isEqualTo(transits.rows());
            assertThat(query(postgres, "SELECT count(DISTINCT transit_id) FROM gaia.astroelementary WHERE did_scope = '"
                    + scope + "'")).isEqualTo(transits.rows());
            assertThat(query(postgres, "SELECT count(*) FROM archive.staged_batches WHERE did = '" + did + "'"))
                    .as("the resent file's batches matched the staged ones and were published").isZero();
        } finally {
            uploader.shutdownNow();
            importer.close();
            metadata.close();
        }
    }

    @Test
    void killingTheKafkaBrokerMidwayLosesAndDuplicatesNothing() throws Exception {
        // a broker of its own: the other tests keep the shared one
        try (LocalComponent kafka = LocalComponent.start(LocalComponent.Kind.KAFKA)) {
            ingestThroughAFault("fault3", 13, SharedComponents.get(LocalComponent.Kind.POSTGRES), kafka, () -> {
                kafka.kill();
                Thread.sleep(5000);
                kafka.restart();
            });
        }
    }

    @Test
    void killingPostgresMidwayLosesAndDuplicatesNothing() throws Exception {
        // a database of its own (metadata-service migrates it at start): the other tests keep the shared one
        try (LocalComponent postgres = LocalComponent.start(LocalComponent.Kind.POSTGRES)) {
            ingestThroughAFault("fault4", 17, postgres, SharedComponents.get(LocalComponent.Kind.KAFKA), () -> {
                postgres.kill();
                Thread.sleep(5000);
                postgres.restart();
            });
        }
    }

    /** 36 files of 250 sources through both services, with the fault midway; both survive, every row once. */
    private void ingestThroughAFault(String scope, long seed, LocalComponent postgres, LocalComponent kafka, Fault fault)
            throws Exception {
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 3000).withSourcesPerFile(250)
                .withSeed(seed).withSeedBoxSources(0));
        QuarkusApp metadata = QuarkusApp.start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.kafka(kafka)));
        QuarkusApp importer = QuarkusApp.start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(SharedComponents.get(LocalComponent.Kind.S3)), ArchiveConfig.kafka(kafka)));
        try {
            ingestWithAFault(postgres, importer, scope, report, fault);
            assertThat(metadata.isAlive()).as("metadata-service survives the fault").isTrue();
            assertThat(importer.isAlive()).as("importer-service survives the fault").isTrue();
            assertEveryRowExactlyOnce(postgres, scope, report);
        } finally {
            importer.close();
            metadata.close();
        }
    }

    private interface Fault {
        void inject() throws Exception;
    }

    /**
     * Uploads every file, retrying refused or cut uploads for up to three minutes each, injects the fault once a
     * quarter of the uploads is accepted (so the rest meet it), and returns when every file is published.
     */
    private static void ingestWithAFault(LocalComponent postgres, QuarkusApp importer, String scope,
                                         GenerationReport report, Fault fault) throws Exception {
        int files = report.files().size();
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> retries = uploader.submit(() -> {
                int refused = 0;
                for (WrittenFile file : report.files()) {
                    byte[] bytes = Files.readAllBytes(file.path());
                    String url = importer.url() + "/api/files/gaia/" + file.path().getFileName() + "?scope=" + scope;
                    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    while (status(url, bytes) != 201) {
                        refused++;
                        assertThat(System.nanoTime()).as("%s accepted within 3 minutes", url).isLessThan(deadline);
                        Thread.sleep(1000);
                    }
                    accepted.incrementAndGet();
                }
                return refused;
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (accepted.get() < files / 4) {
                assertThat(System.nanoTime()).as("a quarter of the uploads accepted in 2 minutes").isLessThan(deadline);
                Thread.sleep(50);
            }
            int acceptedBefore = accepted.get();
            fault.inject();
            assertThat(acceptedBefore).as("uploads were still coming when the fault came").isLessThan(files);
            System.out.printf("%s: fault after %d of %d uploads; %d uploads refused or cut, then retried%n", scope,
                    acceptedBefore, files, retries.get());
            awaitAtLeast(postgres, "SELECT count(*) FROM archive.files WHERE scope = '" + scope + "'", files,
                    Duration.ofSeconds(180));
        } finally {
            uploader.shutdownNow();
        }
    }

    private static int status(String url, byte[] bytes) {
        try {
            return given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(bytes).when().put(url).statusCode();
        } catch (Exception connectionLost) { // RestAssured rethrows checked connection errors
            return -1;
        }
    }

    /** Every generated row once, every file in version 1, nothing left staged or pending. */
    private static void assertEveryRowExactlyOnce(LocalComponent postgres, String scope, GenerationReport report)
            throws Exception {
        assertThat(query(postgres, "SELECT count(*) FROM gaia.completesource WHERE did_scope = '" + scope + "'"))
                .isEqualTo(report.rows(GaiaTable.COMPLETE_SOURCE));
        assertThat(query(postgres, "SELECT count(DISTINCT source_id) FROM gaia.completesource WHERE did_scope = '" + scope + "'"))
                .isEqualTo(report.rows(GaiaTable.COMPLETE_SOURCE));
        assertThat(query(postgres, "SELECT count(*) FROM gaia.astroelementary WHERE did_scope = '" + scope + "'"))
                .isEqualTo(report.rows(GaiaTable.ASTRO_ELEMENTARY));
        assertThat(query(postgres, "SELECT count(DISTINCT transit_id) FROM gaia.astroelementary WHERE did_scope = '" + scope + "'"))
                .isEqualTo(report.rows(GaiaTable.ASTRO_ELEMENTARY));
        assertThat(query(postgres, "SELECT count(*) FROM gaia.crossmatch WHERE did_scope = '" + scope + "'"))
                .isEqualTo(report.rows(GaiaTable.CROSS_MATCH));
        assertThat(query(postgres, "SELECT count(*) FROM archive.files WHERE scope = '" + scope + "' AND file_version <> 1"))
                .isZero();
        assertThat(query(postgres, "SELECT count(*) FROM archive.staged_batches WHERE did LIKE '" + scope + ":%'"))
                .as("nothing left staged").isZero();
        assertThat(query(postgres, "SELECT count(*) FROM archive.pending_files WHERE did LIKE '" + scope + ":%'")).isZero();
    }

    private static long query(LocalComponent postgres, String sql) throws Exception {
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Until metadata-service holds batches of the file: copied into an open transaction (its table exists: the
     * metrics count them) or staged (the table is new).
     */
    private static void awaitBatchesArriving(LocalComponent postgres, QuarkusApp metadata, String did, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = given().get(metadata.url() + "/q/metrics").then().statusCode(200).extract().asString();
            boolean held = java.util.regex.Pattern.compile("(?m)^archive_ingest_held_batches\\S* [1-9]").matcher(metrics).find();
            if (held || query(postgres, "SELECT count(*) FROM archive.staged_batches WHERE did = '" + did + "'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no batch of " + did + " reached metadata-service within " + timeout);
    }

    private static void awaitAtLeast(LocalComponent postgres, String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = query(postgres, sql);
            if (last >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected at least " + expected + " but found " + last + " after " + timeout + ": " + sql);
    }
}

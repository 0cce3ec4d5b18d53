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
 * The metadata service is killed (SIGKILL) in the middle of an ingestion of many files and started again: every
 * row arrives exactly once, no file is left half-published, nothing stays staged.
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
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 8000).withSourcesPerFile(500)
                .withSeed(7).withSeedBoxSources(0));
        int files = report.files().size();

        QuarkusApp metadata = QuarkusApp.start("metadata-service", metadataConfig);
        QuarkusApp importer = QuarkusApp.start("importer-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        ExecutorService uploader = Executors.newSingleThreadExecutor();
        try {
            Future<?> uploads = uploader.submit(() -> {
                for (WrittenFile file : report.files()) {
                    given().contentType("application/octet-stream").body(Files.readAllBytes(file.path()))
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

            assertThat(query(postgres, "SELECT count(*) FROM gaia.completesource WHERE did_scope = '" + SCOPE + "'"))
                    .isEqualTo(report.rows(GaiaTable.COMPLETE_SOURCE));
            assertThat(query(postgres, "SELECT count(DISTINCT source_id) FROM gaia.completesource WHERE did_scope = '" + SCOPE + "'"))
                    .isEqualTo(report.rows(GaiaTable.COMPLETE_SOURCE));
            assertThat(query(postgres, "SELECT count(*) FROM gaia.astroelementary WHERE did_scope = '" + SCOPE + "'"))
                    .isEqualTo(report.rows(GaiaTable.ASTRO_ELEMENTARY));
            assertThat(query(postgres, "SELECT count(DISTINCT transit_id) FROM gaia.astroelementary WHERE did_scope = '" + SCOPE + "'"))
                    .isEqualTo(report.rows(GaiaTable.ASTRO_ELEMENTARY));
            assertThat(query(postgres, "SELECT count(*) FROM gaia.crossmatch WHERE did_scope = '" + SCOPE + "'"))
                    .isEqualTo(report.rows(GaiaTable.CROSS_MATCH));
            assertThat(query(postgres, "SELECT count(*) FROM archive.files WHERE scope = '" + SCOPE + "' AND file_version <> 1"))
                    .isZero();
            assertThat(query(postgres, "SELECT count(*) FROM archive.staged_batches WHERE did LIKE '" + SCOPE + ":%'"))
                    .as("nothing left staged").isZero();
            assertThat(query(postgres, "SELECT count(*) FROM archive.pending_files WHERE did LIKE '" + SCOPE + ":%'")).isZero();
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
        Map<String, String> importerConfig = ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.kafka(kafka));
        // one large file: ~450,000 transits in ~90 row batches, so the kill lands while batches are being sent
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 20000).withSourcesPerFile(20000)
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
                    return given().contentType("application/octet-stream").body(bytes).when().put(url).statusCode();
                } catch (Exception connectionLost) { // RestAssured rethrows the checked NoHttpResponseException
                    return -1;
                }
            });
            awaitAtLeast(postgres, "SELECT count(*) FROM archive.staged_batches WHERE did = '" + did + "'", 1,
                    Duration.ofSeconds(60));
            importer.kill();
            assertThat(cut.get()).as("the upload was cut").isNotEqualTo(201);
            Thread.sleep(2000);
            assertThat(query(postgres, "SELECT count(*) FROM archive.files WHERE did = '" + did + "'"))
                    .as("nothing published of a file whose importer died").isZero();

            importer = QuarkusApp.start("importer-service", importerConfig);
            given().contentType("application/octet-stream").body(bytes).when()
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

    private static long query(LocalComponent postgres, String sql) throws Exception {
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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

package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

/**
 * The six container images of the build (root pom, profile {@code images}; issue 8) run by podman as Kubernetes runs
 * them: as uid 185, configured by environment variables only, on real PostgreSQL, Kafka, Redis, S3 and Keycloak.
 * A FITS file goes in through the importer's image and comes back through the TAP, DataLink and Cut & Merge images
 * (its row, its links, its bytes and its preview);
 * the gateway's image sees every service ready. Runs in {@code ./archive test} (which builds the images); a plain
 * {@code mvn verify} without the profile leaves this class out (system-tests/pom.xml).
 */
class ContainerImagesIT {

    private static final String FILE = "1904-66_AZP-container.fits";
    private static final Path SAMPLE = RepoLayout.root().resolve("importer-service/src/test/resources/samples/fits/1904-66_AZP.fits");
    private static final String DID = "ivo://astroarchive.example/images?images:" + FILE;
    private static final List<String> SERVICES = List.of("metadata-service", "importer-service", "tap-service",
            "cutmerge-service", "datalink-service", "portal-gateway");

    private static final List<QuarkusApp> running = new ArrayList<>();
    private static QuarkusApp importer;
    private static QuarkusApp tap;
    private static QuarkusApp datalink;
    private static QuarkusApp gateway;

    @BeforeAll
    static void startTheImages() {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        LocalComponent redis = SharedComponents.get(LocalComponent.Kind.REDIS);
        // metadata-service first: it applies the migrations the others read
        QuarkusApp metadata = start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)));
        importer = start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        tap = start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), TapClient.keycloak()));
        QuarkusApp cutmerge = start("cutmerge-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                TapClient.keycloak()));
        datalink = start("datalink-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), TapClient.keycloak(), Map.of("datalink.tap-url", tap.url() + "/tap",
                        "datalink.cutmerge-url", cutmerge.url() + "/cutmerge", "datalink.preview-url", cutmerge.url() + "/preview")));
        // the gateway's service URLs by the environment variables its manifest sets (ARCHIVE_TAP_URL, ...)
        gateway = start("portal-gateway", Map.of("archive.oidc.url", Keycloak.of(SharedComponents.get(LocalComponent.Kind.KEYCLOAK)).issuer(),
                "archive.importer.url", importer.url(), "archive.metadata.url", metadata.url(), "archive.tap.url", tap.url(),
                "archive.datalink.url", datalink.url(), "archive.cutmerge.url", cutmerge.url()));
    }

    @AfterAll
    static void stopTheImagesAndRemoveTheirFile() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        // the other ITs share this PostgreSQL and query ivoa.obscore as a whole (FitsToTapIT's upload join)
        try (Connection connection = ArchiveDatabase.connect(SharedComponents.get(LocalComponent.Kind.POSTGRES));
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM ivoa.obscore WHERE obs_id = '" + FILE + "'");
            statement.executeUpdate("DELETE FROM archive.files WHERE did = 'images:" + FILE + "'");
        }
    }

    @Test
    void everyImageRunsAsTheUnprivilegedUser() throws Exception {
        for (String service : SERVICES) {
            Process inspect = new ProcessBuilder("podman", "image", "inspect", "--format", "{{.Config.User}}",
                    QuarkusApp.image(service)).redirectErrorStream(true).start();
            String user = new String(inspect.getInputStream().readAllBytes()).trim();
            assertThat(inspect.waitFor()).as(user).isZero();
            assertThat(user).as(service).isEqualTo("185");
        }
    }

    @Test
    void aFitsFileGoesInThroughTheImporterImageAndComesBackThroughTapDataLinkAndCutMerge() throws Exception {
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE))
                .when().put(importer.url() + "/api/files/images/" + FILE)
                .then().statusCode(201);

        String query = "SELECT obs_publisher_did, s_xel1, access_url FROM ivoa.obscore WHERE obs_id = '" + FILE + "'";
        String csv = awaitCsvRow(query, Duration.ofSeconds(90));
        assertThat(csv).contains(DID + ",192,");

        Response links = given().queryParam("ID", DID).when().get(datalink.url() + "/datalink");
        assertThat(links.statusCode()).as(links.asString()).isEqualTo(200);
        assertThat(links.asString()).contains("#this").contains("#preview").contains("#cutout");

        // #this is the file itself, presigned on S3 by the datalink-service image
        byte[] file = given().urlEncodingEnabled(false).when().get(link(links.asByteArray(), "#this")).then().statusCode(200)
                .extract().asByteArray();
        assertThat(file).isEqualTo(Files.readAllBytes(SAMPLE));

        // the #preview link leads to the cutmerge-service image, which draws the PNG from the file in S3
        String preview = link(links.asByteArray(), "#preview");
        Response png = given().urlEncodingEnabled(false).when().get(preview);
        assertThat(png.statusCode()).as(png.asString()).isEqualTo(200);
        assertThat(png.contentType()).isEqualTo("image/png");
        assertThat(png.asByteArray()).startsWith(0x89, 'P', 'N', 'G');
    }

    /** Row batches travel snappy-compressed (native snappy-java): its library must load inside both images. */
    @Test
    void fermiEventsGoInAsCompressedRowBatchesBetweenTheImporterAndMetadataImages() throws Exception {
        Path ft1 = RepoLayout.root().resolve("importer-service/src/test/resources/samples/fermi/J0030+0451_w323_ft1weights.fits");
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(ft1))
                .when().put(importer.url() + "/api/files/fermi/" + ft1.getFileName()).then().statusCode(201);
        // fermi.photon is created on first sight (its TAP query answers 400 until then); a file version's rows become
        // visible together, in one transaction
        String query = "SELECT met FROM fermi.photon WHERE did_name = '" + ft1.getFileName() + "'";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Response response;
        do {
            Thread.sleep(500);
            response = given().formParam("LANG", "ADQL").formParam("FORMAT", "csv").formParam("QUERY", query)
                    .when().post(tap.url() + "/tap/sync");
        } while ((response.statusCode() != 200 || response.asString().lines().count() < 2) && System.nanoTime() < deadline);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.asString().lines().count() - 1).as(response.asString()).isEqualTo(27); // NAXIS2 of EVENTS
    }

    @Test
    void theGatewayImageSeesEveryServiceReady() {
        List<String> statuses = given().when().get(gateway.url() + "/api/status")
                .then().statusCode(200).extract().jsonPath().getList("status");
        assertThat(statuses).hasSize(5).containsOnly("UP");
    }

    private static QuarkusApp start(String service, Map<String, String> config) {
        QuarkusApp app = QuarkusApp.startImage(service, config);
        running.add(app);
        return app;
    }

    private static String awaitCsvRow(String query, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String csv = "";
        while (System.nanoTime() < deadline) {
            Response response = given().formParam("LANG", "ADQL").formParam("FORMAT", "csv").formParam("QUERY", query)
                    .when().post(tap.url() + "/tap/sync");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            csv = response.asString();
            if (csv.lines().count() > 1) {
                return csv;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no row for " + FILE + " in TAP after " + timeout + " (last answer: " + csv + ")");
    }

    /** The access_url of the links document's row with these semantics. */
    private static String link(byte[] votable, String wanted) throws IOException {
        StarTable links = new VOTableBuilder().makeStarTable(new ByteArrayDataSource("links", votable), true,
                StoragePolicy.PREFER_MEMORY);
        int accessUrl = column(links, "access_url");
        int semantics = column(links, "semantics");
        for (long row = 0; row < links.getRowCount(); row++) {
            if (wanted.equals(links.getCell(row, semantics))) {
                return (String) links.getCell(row, accessUrl);
            }
        }
        throw new AssertionError("no " + wanted + " row in:\n" + new String(votable));
    }

    private static int column(StarTable table, String name) {
        for (int i = 0; i < table.getColumnCount(); i++) {
            if (table.getColumnInfo(i).getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }
}

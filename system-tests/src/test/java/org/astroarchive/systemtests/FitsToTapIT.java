package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;
import org.astroarchive.testsupport.SharedComponents;
import org.astroarchive.testsupport.Validators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

/**
 * The walking skeleton end to end, as deployed: the packaged importer, metadata and TAP services as separate
 * processes on real PostgreSQL, Kafka and S3. A FITS file goes in through the importer's HTTP upload and its
 * metadata comes back through TAP, for our HTTP client and for pyvo.
 */
class FitsToTapIT {

    private static final Path SAMPLE = RepoLayout.root().resolve("importer-service/src/test/resources/samples/fits/1904-66_AZP.fits");
    private static final String QUERY = "SELECT obs_id, obs_publisher_did, s_ra, s_dec, s_xel1, s_xel2, access_url, access_estsize "
            + "FROM ivoa.obscore WHERE obs_id = '1904-66_AZP.fits'";

    private static QuarkusApp metadata;
    private static QuarkusApp importer;
    private static QuarkusApp tap;

    @BeforeAll
    static void startTheArchive() {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        // metadata-service first: it applies the migrations the others read
        metadata = QuarkusApp.start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)));
        importer = QuarkusApp.start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        // taplint serves its upload tables from loopback: allow that here (production refuses private addresses)
        tap = QuarkusApp.start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(SharedComponents.get(LocalComponent.Kind.REDIS)), TapClient.keycloak(),
                java.util.Map.of("tap.upload-allow-private-urls", "true")));
    }

    @AfterAll
    static void stopTheArchive() {
        for (QuarkusApp app : new QuarkusApp[] {tap, importer, metadata}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void aFitsFileUploadedToTheImporterCanBeQueriedThroughTap() throws Exception {
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE))
                .when().put(importer.url() + "/api/files/images/1904-66_AZP.fits")
                .then().statusCode(201);

        StarTable row = awaitRows(1, Duration.ofSeconds(60));
        assertThat(row.getCell(0, 0)).isEqualTo("1904-66_AZP.fits");
        assertThat(row.getCell(0, 1)).isEqualTo("ivo://astroarchive.example/images?images:1904-66_AZP.fits");
        assertThat(row.getCell(0, 3)).isEqualTo(-90.0);
        assertThat(row.getCell(0, 4)).isEqualTo(192L);
        // seed form: the dataset's selection, resolved by DataLink through Redis
        assertThat((String) row.getCell(0, 6)).matches(".*/datalink\\?id=[0-9a-f-]{36}&clientId=[0-9a-f-]{36}");
        assertThat(row.getCell(0, 7)).isEqualTo(158L); // 161280 bytes in kB, rounded up

        // the same file again: accepted, and still one row
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE))
                .when().put(importer.url() + "/api/files/images/1904-66_AZP.fits")
                .then().statusCode(201);
        Thread.sleep(2000);
        assertThat(query().getRowCount()).isEqualTo(1);
    }

    @Test
    void pyvoReadsTheTapServiceAsAClient() throws Exception {
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE))
                .when().put(importer.url() + "/api/files/images/1904-66_AZP.fits").then().statusCode(201);
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE.resolveSibling("science-mef.fits")))
                .when().put(importer.url() + "/api/files/images/science-mef.fits").then().statusCode(201);
        awaitRows(1, Duration.ofSeconds(60));

        String script = """
                import sys, pyvo
                service = pyvo.dal.TAPService(sys.argv[1])
                result = service.run_sync(sys.argv[2])
                row = result[0]
                print(len(result), row['obs_id'], row['s_xel1'], result.fieldnames[0])
                # Debian's pyvo 1.2.1 reads only the first QUERY_STATUS, so it cannot see the OVERFLOW that DALI
                # places after the table (pyvo >= 1.4 does), and it never sends MAXREC=0; MAXREC itself works.
                limited = service.run_sync("SELECT obs_id, s_ra FROM ivoa.obscore ORDER BY obs_id", maxrec=1)
                print('limited', len(limited), ','.join(limited.fieldnames))
                # an upload joined with a cone: near the south pole, where the AZP image's reference point is
                from astropy.table import Table
                objects = Table({'name': ['pole', 'elsewhere'], 'ra': [0.0, 120.0], 'dec': [-89.9, 10.0]})
                joined = service.run_sync("SELECT u.name, o.obs_id FROM TAP_UPLOAD.objects AS u JOIN ivoa.obscore AS o "
                                          "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, 0.5))",
                                          uploads={'objects': objects})
                print('joined', [(str(r['name']), str(r['obs_id'])) for r in joined])
                """;
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, tap.url() + "/tap", QUERY)
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines).contains("1 1904-66_AZP.fits 192 obs_id", "limited 1 obs_id,s_ra",
                "joined [('pole', '1904-66_AZP.fits')]");
    }

    @Test
    void taplintFindsNothingWrong() throws Exception {
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE))
                .when().put(importer.url() + "/api/files/images/1904-66_AZP.fits").then().statusCode(201);
        awaitRows(1, Duration.ofSeconds(60));
        // a public table with smallint columns (FT1 EVENT_TYPE ...): taplint's queries alias columns, and an aliased
        // smallint must still come back as short
        Path ft1 = RepoLayout.root().resolve("importer-service/src/test/resources/samples/fermi/J0030+0451_w323_ft1weights.fits");
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(ft1))
                .when().put(importer.url() + "/api/files/fermi/" + ft1.getFileName()).then().statusCode(201);
        awaitCount("SELECT COUNT(*) FROM fermi.photon WHERE did_name = '" + ft1.getFileName() + "'", 27, Duration.ofSeconds(60));
        assertThat(Validators.stilts("tapquery", "tapurl=" + tap.url() + "/tap", "sync=true", "omode=out", "ofmt=votable",
                "adql=SELECT TOP 1 datatype FROM TAP_SCHEMA.columns WHERE table_name = 'fermi.photon' AND datatype = 'short'"))
                .as("fermi.photon declares short columns").contains("<TD>short</TD>");

        // Every stage but ObsLocTAP (an ObsCore extension this archive does not offer).
        String report = Validators.stilts("taplint", "tapurl=" + tap.url() + "/tap", "report=EWF", "maxrepeat=3",
                "stages=-LOC");
        assertThat(report).as(report).contains("Totals: Errors: 0; Warnings: 0; Failures: 0");
    }

    @Test
    void topcatsTapClientQueriesAsyncAndSync() throws Exception {
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(SAMPLE))
                .when().put(importer.url() + "/api/files/images/1904-66_AZP.fits").then().statusCode(201);
        awaitRows(1, Duration.ofSeconds(60));

        // stilts tapquery is TOPCAT's TAP client code; TOPCAT submits async unless "Synchronous" is ticked
        for (String sync : new String[] {"false", "true"}) {
            String csv = Validators.stilts("tapquery", "tapurl=" + tap.url() + "/tap", "sync=" + sync,
                    "adql=SELECT obs_id, s_xel1 FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), "
                            + "CIRCLE('ICRS', 0, -90, 1))",
                    "omode=out", "ofmt=csv");
            assertThat(csv).as("sync=" + sync).contains("obs_id,s_xel1").contains("1904-66_AZP.fits,192");
        }
    }

    private static void awaitCount(String adql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = -1;
        while (count != expected && System.nanoTime() < deadline) {
            Response response = given().formParam("LANG", "ADQL").formParam("QUERY", adql).when().post(tap.url() + "/tap/sync");
            if (response.statusCode() == 200) {
                StarTable table = new VOTableBuilder().makeStarTable(new ByteArrayDataSource("count", response.asByteArray()),
                        true, StoragePolicy.PREFER_MEMORY);
                count = ((Number) table.getCell(0, 0)).longValue();
            }
            if (count != expected) {
                Thread.sleep(250);
            }
        }
        assertThat(count).as(adql + " after " + timeout + "; metadata-service log:\n" + metadata.log()).isEqualTo(expected);
    }

    private static StarTable query() throws Exception {
        Response response = given().formParam("LANG", "ADQL").formParam("QUERY", QUERY).when().post(tap.url() + "/tap/sync");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return new VOTableBuilder().makeStarTable(new ByteArrayDataSource("result", response.asByteArray()), true,
                StoragePolicy.PREFER_MEMORY);
    }

    private static StarTable awaitRows(int rows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        StarTable table = query();
        while (table.getRowCount() < rows && System.nanoTime() < deadline) {
            Thread.sleep(250);
            table = query();
        }
        assertThat(table.getRowCount()).as("rows in TAP after " + timeout + "; metadata-service log:\n" + metadata.log()).isEqualTo(rows);
        return table;
    }
}

package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.systemtests.TapClient.columnIndex;
import static org.astroarchive.systemtests.TapClient.parse;

import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.starlink.table.StarTable;

/**
 * Gaia-like HDF5 files through the packaged importer, metadata and TAP services: the tables are created on first
 * sight, every row of every file arrives exactly once, and the reference query finds the seed-box sources.
 */
class GaiaToTapIT {

    private static final String SEED_QUERY = "SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 "
            + "AND delta < 0.40205 AND delta > 0.40185";

    @TempDir
    static Path generated;

    private static QuarkusApp metadata;
    private static QuarkusApp importer;
    private static QuarkusApp tap;
    private static GenerationReport report;

    @BeforeAll
    static void startTheArchiveAndGenerateFiles() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        metadata = QuarkusApp.start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)));
        importer = QuarkusApp.start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        tap = QuarkusApp.start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(SharedComponents.get(LocalComponent.Kind.REDIS)), TapClient.keycloak()));
        // 3000 sources in two blocks: ~70 000 transits, several row batches per file
        report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 3000).withSourcesPerFile(1500));
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
    void everyRowOfEveryFileArrivesOnceAndTheSeedQueryFindsTheSeedBox() throws Exception {
        for (WrittenFile file : report.files()) {
            upload(file.path());
        }
        long sources = report.rows(GaiaTable.COMPLETE_SOURCE);
        long transits = report.rows(GaiaTable.ASTRO_ELEMENTARY);
        // counted in this test's scope: other tests ingest Gaia files into the same database
        awaitCount("gaia.crossmatch WHERE did_scope = 'gaia'", report.rows(GaiaTable.CROSS_MATCH), Duration.ofSeconds(120));
        awaitCount("gaia.astroelementary WHERE did_scope = 'gaia'", transits, Duration.ofSeconds(120));
        awaitCount("gaia.completesource WHERE did_scope = 'gaia'", sources, Duration.ofSeconds(120));

        StarTable seed = query(SEED_QUERY);
        assertThat(seed.getRowCount()).isEqualTo(5);
        Map<String, Integer> columns = columnIndex(seed);
        assertThat(columns).containsKeys("file_name", "did_scope", "did_name", "did_rse", "checksum", "file_version",
                "key_name", "source_id", "alpha", "delta", "mu_alpha_star", "varpi", "nu_eff_used_in_astrometry", "access_url");
        assertThat(seed.getCell(0, columns.get("file_name"))).isEqualTo("CompleteSource_000.h5");
        assertThat(seed.getCell(0, columns.get("key_name"))).isEqualTo("/CompleteSource");
        assertThat(seed.getCell(0, columns.get("file_version"))).isEqualTo(1);
        assertThat((String) seed.getCell(0, columns.get("access_url"))).matches(".*/datalink\\?id=[0-9a-f-]{36}&clientId=[0-9a-f-]{36}");
        assertThat(seed.getColumnInfo(columns.get("alpha")).getUnitString()).isEqualTo("rad");

        // transits: the int[10] window coordinates and the timestamp survive the round trip
        StarTable transit = query("SELECT TOP 1 transit_id, ac_win_coord, transit_time FROM gaia.astroelementary "
                + "ORDER BY transit_id");
        assertThat((int[]) transit.getCell(0, 1)).hasSize(10);
        assertThat((String) transit.getCell(0, 2)).matches("201[4-7]-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(((Number) transit.getCell(0, 0)).longValue() & 0xFFF)
                .as("transit_id's low bits are ac_win_coord[1]").isEqualTo(((int[]) transit.getCell(0, 1))[1]);

        // degrees for ADQL geometry: a cone around a seed-box source finds it through the spatial index
        double ra = (Double) seed.getCell(0, columns.get("ra"));
        double dec = (Double) seed.getCell(0, columns.get("dec"));
        StarTable cone = query("SELECT source_id FROM gaia.completesource WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), "
                + "CIRCLE('ICRS', " + ra + ", " + dec + ", 0.001))");
        assertThat(cone.getRowCount()).isGreaterThanOrEqualTo(1);

        // the created tables pass the community validator too (arrays, timestamps, generated access_url)
        // as alice (Gaia is private): Debian's stilts 3.4.7 cannot log in, a proxy adds her credentials
        String lint;
        try (AuthenticatingProxy proxy = AuthenticatingProxy.start(tap.url(), TapClient.AS_ALICE)) {
            // what taplint will read through the proxy includes the private tables
            given().when().get(proxy.url() + "/tap/tables").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("gaia.completesource"));
            lint = org.astroarchive.testsupport.Validators.stilts("taplint", "tapurl=" + proxy.url() + "/tap", "report=EWF",
                    "maxrepeat=2", "stages=TMV TME TMS TMC QGE MDQ");
        }
        assertThat(lint).as(lint).contains("Totals: Errors: 0; Warnings: 0; Failures: 0");

        // the same files again: nothing doubles
        for (WrittenFile file : report.files()) {
            upload(file.path());
        }
        Thread.sleep(5000);
        assertThat(count("gaia.completesource WHERE did_scope = 'gaia'")).isEqualTo(sources);
        assertThat(count("gaia.astroelementary WHERE did_scope = 'gaia'")).isEqualTo(transits);
    }

    @Test
    void fermiPhotonEventsAreQueryableByConeAndEnergy() throws Exception {
        Path ft1 = org.astroarchive.testsupport.RepoLayout.root()
                .resolve("importer-service/src/test/resources/samples/fermi/J0030+0451_w323_ft1weights.fits");
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(ft1))
                .when().put(importer.url() + "/api/files/fermi/" + ft1.getFileName()).then().statusCode(201);
        awaitCount("fermi.photon", 27, Duration.ofSeconds(60)); // NAXIS2 of the EVENTS table

        StarTable events = query("SELECT TOP 5 met, event_time, energy, ra, dec, event_class FROM fermi.photon "
                + "WHERE energy > 100 ORDER BY energy DESC");
        assertThat(events.getRowCount()).isPositive();
        assertThat(((Number) events.getCell(0, 2)).doubleValue()).as("energy, float in FT1").isGreaterThan(100.0);
        assertThat((String) events.getCell(0, 1)).matches("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        // PSR J0030+0451 is at (7.614, 4.861) deg: the sample's events lie within a few degrees
        StarTable cone = query("SELECT COUNT(*) AS n FROM fermi.photon "
                + "WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 7.614, 4.861, 5))");
        assertThat(((Number) cone.getCell(0, 0)).longValue()).isEqualTo(27);
    }

    /** Issue 3: every sample that fits a collection ingests with its own row count; the rest are refused with a reason. */
    @Test
    void everySampleFileIngestsWithItsRowCountOrIsRejectedWithItsReason() throws Exception {
        Path samples = org.astroarchive.testsupport.RepoLayout.root().resolve("importer-service/src/test/resources/samples");
        for (String image : new String[] {"1904-66_AZP.fits", "fermi_counts.fits.gz", "science-mef.fits"}) {
            given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(samples.resolve("fits").resolve(image)))
                    .when().put(importer.url() + "/api/files/images/" + image + "?scope=samples").then().statusCode(201);
        }
        for (String image : new String[] {"1904-66_AZP.fits", "fermi_counts.fits.gz", "science-mef.fits"}) {
            awaitCount("ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?samples:" + image + "'", 1,
                    Duration.ofSeconds(60)); // one dataset each
        }
        Map<String, String> refused = Map.of(
                "hdf5/non-chunked-table.h5", "gaia", "hdf5/times-nested-be.h5", "gaia", "hdf5/smpl_compound_chunked.h5", "gaia",
                "votable/astropy_valid_votable.xml", "images", "votable/astropy_gemini_invalid.xml", "images");
        for (Map.Entry<String, String> sample : refused.entrySet()) {
            Response response = given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream")
                    .body(Files.readAllBytes(samples.resolve(sample.getKey())))
                    .when().put(importer.url() + "/api/files/" + sample.getValue() + "/" + Path.of(sample.getKey()).getFileName()
                            + "?scope=samples");
            assertThat(response.statusCode()).as(sample.getKey()).isEqualTo(422);
            assertThat(response.jsonPath().getString("detail")).as(sample.getKey())
                    .containsAnyOf("none of the tables of collection 'gaia'", "FITS");
        }
    }

    @Test
    void aFileOfNoGaiaTableIsRejectedWithTheReason() {
        Response response = given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body("not an HDF5 file".getBytes())
                .when().put(importer.url() + "/api/files/gaia/broken.h5");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.asString()).contains("HDF5");
    }

    @Test
    void gaiaIsPrivatePyvoWithABearerTokenSeesItAnonymousPyvoDoesNot() throws Exception {
        for (WrittenFile file : report.files()) {
            upload(file.path());   // whichever test runs first: storing the same file again changes nothing
        }
        awaitCount("gaia.completesource WHERE did_scope = 'gaia'", report.rows(org.astroarchive.datagen.GaiaTable.COMPLETE_SOURCE),
                Duration.ofSeconds(180));
        String token = org.astroarchive.testsupport.Keycloak.of(SharedComponents.get(LocalComponent.Kind.KEYCLOAK))
                .token(org.astroarchive.testsupport.Keycloak.ALICE, org.astroarchive.testsupport.Keycloak.ALICE_PASSWORD);
        String script = """
                import sys, pyvo, requests
                url, token, query = sys.argv[1:4]
                session = requests.Session()
                session.headers["Authorization"] = "Bearer " + token   # how pyvo users log in (docs/user-guide.md)
                print("alice", len(pyvo.dal.TAPService(url, session=session).search(query)))
                anonymous = pyvo.dal.TAPService(url)
                names = [str(row["table_name"]) for row in anonymous.search("SELECT table_name FROM TAP_SCHEMA.tables")]
                print("anonymous sees gaia:", any(name.startswith("gaia.") for name in names))
                try:
                    anonymous.search(query)
                    print("anonymous query: answered")
                except pyvo.dal.DALQueryError as e:
                    print("anonymous query:", "does not exist" in str(e))
                """;
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, tap.url() + "/tap", token, SEED_QUERY)
                .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        assertThat(python.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).as(output).contains("alice 5").contains("anonymous sees gaia: False")
                .contains("anonymous query: True");
    }

    private static void upload(Path file) throws Exception {
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(file))
                .when().put(importer.url() + "/api/files/gaia/" + file.getFileName())
                .then().statusCode(201);
    }

    private static long count(String table) throws Exception {
        return ((Number) query("SELECT COUNT(*) AS n FROM " + table).getCell(0, 0)).longValue();
    }

    private static void awaitCount(String table, long expected, Duration timeout) throws Exception {
        TapClient.awaitCount(tap.url(), table, expected, timeout);
    }

    private static StarTable query(String adql) throws Exception {
        return TapClient.query(tap.url(), adql);
    }
}

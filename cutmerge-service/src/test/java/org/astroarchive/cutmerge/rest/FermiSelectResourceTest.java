package org.astroarchive.cutmerge.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.astroarchive.cutmerge.SodaFixtures.*;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import org.astroarchive.cutmerge.FitsVerify;
import org.astroarchive.cutmerge.SodaFixtures;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Validators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fermi event selection against real PostgreSQL and S3Proxy on the real FT1 sample (27 events, 39098 GTIs): each
 * selection is compared with an independent pass over the original file (nom-tam-fits column reads), and checked
 * for columns, keywords, DSS keywords, GTIs and fitsverify.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class FermiSelectResourceTest {

    static final double RA = 7.61428534;
    static final double DEC = 4.861029436;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        SodaFixtures.load(dataSource, minio);
    }

    /** The original FT1 file, columns by name (scalar columns as arrays of all rows). */
    record Ft1(Header primary, Header events, Header gti, Map<String, Object> columns, double[] start,
               double[] stop) {
        int rows() {
            return Array.getLength(columns.get("TIME"));
        }

        double get(String column, int row) {
            return ((Number) Array.get(columns.get(column), row)).doubleValue();
        }
    }

    static Ft1 read(Path file) throws Exception {
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            BinaryTableHDU events = (BinaryTableHDU) hdus[1];
            Map<String, Object> columns = new LinkedHashMap<>();
            for (int c = 0; c < events.getNCols(); c++) {
                columns.put(events.getColumnName(c), events.getColumn(c));
            }
            BinaryTableHDU gti = (BinaryTableHDU) hdus[2];
            return new Ft1(hdus[0].getHeader(), events.getHeader(), gti.getHeader(),
                    columns, (double[]) gti.getColumn("START"), (double[]) gti.getColumn("STOP"));
        }
    }

    /** Angular distance by the cosine formula, independent of the service's haversine. */
    static double separation(double ra1, double dec1, double ra2, double dec2) {
        double a = Math.toRadians(dec1);
        double b = Math.toRadians(dec2);
        return Math.toDegrees(Math.acos(Math.min(1, Math.sin(a) * Math.sin(b)
                + Math.cos(a) * Math.cos(b) * Math.cos(Math.toRadians(ra1 - ra2)))));
    }

    static Path save(Response response, String name) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/fits");
        Path file = Files.createTempFile("fermi-test-" + name, ".fits");
        file.toFile().deleteOnExit();
        Files.write(file, response.asByteArray());
        return file;
    }

    /**
     * fitsverify -q passes, except for the one warning the original has too: its column PSRJ0030+0451 (added by a
     * pulsar-timing tool) has a '+' in its name, which FITS only recommends against (Standard 4.0 §7.2.2).
     * Everything else (checksums included) must verify cleanly.
     */
    static void assertVerifies(Path file) {
        String quiet = FitsVerify.quiet(file);
        if (!quiet.startsWith("verification OK")) {
            assertThat(quiet).endsWith("1 warnings and 0 errors");
            String report = Validators.fitsverify(file);
            assertThat(report).contains("Warning: Column #24: Name \"PSRJ0030+0451\" contains character '+'")
                    .contains("Verification found 1 warning(s) and 0 error(s)");
        }
    }

    static Map<String, String> cards(Header header) {
        Map<String, String> cards = new LinkedHashMap<>();
        var cursor = header.iterator();
        while (cursor.hasNext()) {
            HeaderCard card = cursor.next();
            if (card.getKey() != null && card.getValue() != null && !card.isCommentStyleCard()) {
                cards.put(card.getKey(), card.getValue());
            }
        }
        return cards;
    }

    @Test
    void coneEnergyTimeAndZenithSelectionMatchesAnIndependentCount() throws Exception {
        Ft1 original = read(file(FT1));
        double radius = 1.2;
        double emin = 150;
        double emax = 2000;
        double tmin = 429_150_000;
        double tmax = 429_600_000;
        double zmax = 50;
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < original.rows(); i++) {
            if (separation(RA, DEC, original.get("RA", i), original.get("DEC", i)) < radius
                    && original.get("ENERGY", i) > emin && original.get("ENERGY", i) <= emax
                    && original.get("TIME", i) > tmin && original.get("TIME", i) <= tmax
                    && original.get("ZENITH_ANGLE", i) <= zmax) {
                expected.add(i);
            }
        }
        assertThat(expected).hasSizeBetween(2, original.rows() - 2);

        Response response = given().queryParam("ID", fermiId(FT1)).queryParam("RA", RA).queryParam("DEC", DEC)
                .queryParam("RADIUS", radius).queryParam("EMIN", emin).queryParam("EMAX", emax)
                .queryParam("TMIN", tmin).queryParam("TMAX", tmax).queryParam("ZMAX", zmax).when()
                .get("/fermi/select");
        Path file = save(response, "cone");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=J0030+0451_w323_ft1weights_selected.fits");
        assertThat(response.header("X-Fermi-Events")).isEqualTo(String.valueOf(expected.size()));
        assertVerifies(file);
        Ft1 selected = read(file);

        assertThat(selected.rows()).isEqualTo(expected.size());
        assertThat(selected.columns().keySet()).containsExactlyElementsOf(original.columns().keySet());
        for (int j = 0; j < selected.rows(); j++) {
            assertThat(separation(RA, DEC, selected.get("RA", j), selected.get("DEC", j))).isLessThan(radius);
            assertThat(selected.get("ENERGY", j)).isGreaterThan(emin).isLessThanOrEqualTo(emax);
            assertThat(selected.get("TIME", j)).isGreaterThan(tmin).isLessThanOrEqualTo(tmax);
            assertThat(selected.get("ZENITH_ANGLE", j)).isLessThanOrEqualTo(zmax);
            int i = expected.get(j);
            for (String column : original.columns().keySet()) { // every column of the row, arrays and bits too
                Object a = Array.get(original.columns().get(column), i);
                Object b = Array.get(selected.columns().get(column), j);
                assertThat(Objects.deepEquals(a, b)).as("%s of event %d", column, i).isTrue();
            }
        }

        // the same keywords with the same values, but for those the selection changes
        Map<String, String> before = cards(original.events());
        Map<String, String> after = cards(selected.events());
        for (var entry : before.entrySet()) {
            String key = entry.getKey();
            if (!List.of("NAXIS2", "CHECKSUM", "DATASUM", "TSTART", "TSTOP", "NDSKEYS").contains(key)
                    && !key.startsWith("DSVAL")) {
                assertThat(after.get(key)).as(key).isEqualTo(entry.getValue());
            }
        }
        Header events = selected.events();
        assertThat(events.getIntValue("NAXIS2")).isEqualTo(expected.size());
        assertThat(events.getDoubleValue("TSTART")).isEqualTo(tmin);
        assertThat(events.getDoubleValue("TSTOP")).isEqualTo(tmax);
        // DSS keywords: the cone inside the recorded 2-degree one replaces it, ranges are narrowed or added
        Map<String, String> dss = dss(events);
        assertThat(dss).containsEntry("POS(RA,DEC)", "CIRCLE(7.61428534,4.861029436,1.2)")
                .containsEntry("ENERGY", "150:2000").containsEntry("ZENITH_ANGLE", "0:50")
                .containsEntry("TIME", "429150000:429600000")
                .containsEntry("BIT_MASK(EVENT_CLASS,128,P8R2)", "1:1");
        assertThat(events.getIntValue("NDSKEYS")).isEqualTo(7);
        assertThat(events.getStringValue("DSVAL4")).isEqualTo("TABLE"); // TIME from the GTI table, kept
        assertThat(events.getStringValue("DSREF4")).isEqualTo(":GTI");
        assertThat(SodaResourceTest.history(events)).contains(fermiId(FT1)).contains("Filter string:")
                .contains("ENERGY <= 2000");

        // GTIs: those overlapping (TMIN, TMAX], clipped to it
        List<double[]> intervals = new ArrayList<>();
        for (int i = 0; i < original.start().length; i++) {
            if (original.stop()[i] > tmin && original.start()[i] < tmax) {
                intervals.add(new double[] {Math.max(tmin, original.start()[i]), Math.min(tmax, original.stop()[i])});
            }
        }
        assertThat(selected.start()).hasSize(intervals.size());
        double ontime = 0;
        for (int i = 0; i < intervals.size(); i++) {
            assertThat(selected.start()[i]).isEqualTo(intervals.get(i)[0]);
            assertThat(selected.stop()[i]).isEqualTo(intervals.get(i)[1]);
            ontime += intervals.get(i)[1] - intervals.get(i)[0];
        }
        assertThat(selected.gti().getDoubleValue("ONTIME")).isCloseTo(ontime, within(1e-3));
        assertThat(selected.gti().getStringValue("EXTNAME")).isEqualTo("GTI");
        assertThat(selected.primary().getStringValue("TELESCOP")).isEqualTo("GLAST");
    }

    static Map<String, String> dss(Header header) {
        Map<String, String> dss = new LinkedHashMap<>();
        for (int n = 1; n <= header.getIntValue("NDSKEYS"); n++) {
            String value = header.getStringValue("DSVAL" + n);
            if (!"TABLE".equals(value)) {
                dss.put(header.getStringValue("DSTYP" + n), value);
            }
        }
        return dss;
    }

    @Test
    void plainDidWithEnergyOnlyKeepsAllGoodTimeIntervals() throws Exception {
        Ft1 original = read(file(FT1));
        long expected = java.util.stream.IntStream.range(0, original.rows())
                .filter(i -> original.get("ENERGY", i) > 500).count();
        Response response = given().formParam("id", "fermi:" + FT1).formParam("emin", 500).when()
                .post("/fermi/select");
        Path file = save(response, "energy");
        assertVerifies(file);
        Ft1 selected = read(file);
        assertThat((long) selected.rows()).isEqualTo(expected).isBetween(1L, (long) original.rows() - 1);
        assertThat(selected.start()).containsExactly(original.start());
        assertThat(dss(selected.events())).containsEntry("ENERGY", "500:100000");
    }

    @Test
    void selectionOfNoEventIsAValidEmptyFile() throws Exception {
        Path file = save(given().queryParam("ID", fermiId(FT1)).queryParam("EMIN", 1e6).when().get("/fermi/select"),
                "none");
        assertVerifies(file);
        try (Fits fits = new Fits(file.toFile())) { // nom-tam-fits reads no columns of an empty table: headers only
            BasicHDU<?>[] hdus = fits.read();
            assertThat(hdus).hasSize(3);
            assertThat(hdus[1].getHeader().getIntValue("NAXIS2")).isZero();
            assertThat(hdus[1].getHeader().getIntValue("TFIELDS")).isEqualTo(27);
            assertThat(hdus[2].getHeader().getIntValue("NAXIS2")).isEqualTo(39098);
            assertThat(dss(hdus[1].getHeader())).containsEntry("ENERGY", "1000000:100000");
        }
    }

    @Test
    void faultsSayWhatIsWrong() {
        assertFault(given(), 400, "UsageFault: ID is missing");
        assertFault(given().queryParam("ID", fermiId("unknown.fits")), 404, "NotFoundFault: ID '"
                + fermiId("unknown.fits") + "' names no file of this archive");
        assertFault(given().queryParam("ID", fermiId(FT1)).queryParam("EMIN", 300).queryParam("EMAX", 100), 400,
                "UsageFault: EMIN=300.0 is above EMAX=100.0 (MeV)");
        assertFault(given().queryParam("ID", fermiId(FT1)).queryParam("TMIN", 5).queryParam("TMAX", 1), 400,
                "UsageFault: TMIN=5.0 is after TMAX=1.0");
        assertFault(given().queryParam("ID", fermiId(FT1)).queryParam("RA", 7.6), 400,
                "UsageFault: a cone needs RA, DEC and RADIUS together (degrees), e.g. RA=7.61 DEC=4.86 RADIUS=1; "
                        + "missing: DEC, RADIUS");
        assertFault(given().queryParam("ID", fermiId(FT1)).queryParam("RA", 7.6).queryParam("DEC", 4.8)
                .queryParam("RADIUS", "wide"), 400, "UsageFault: RADIUS='wide' is not a finite number (degrees)");
        assertFault(given().queryParam("ID", fermiId(FT1)).queryParam("ZMAX", 200), 400,
                "UsageFault: ZMAX=200.0 must be > 0 and <= 180 degrees");
        assertFault(given().queryParam("ID", imageId(AZP)), 400,
                "is a dataset of the collection 'images'; event selection works on Fermi photon files");
        assertFault(given().queryParam("ID", "images:" + AZP), 400,
                "UsageFault: the file images:" + AZP + " belongs to the collection 'images'");
        assertFault(given().queryParam("ID", "no-colon-here"), 400, "UsageFault: ID 'no-colon-here' is not a dataset "
                + "identifier");
        // all 27 events are more than the 25 of the test configuration
        assertFault(given().queryParam("ID", fermiId(FT1)), 413,
                "UsageFault: the selection has more than 25 events");
    }

    static void assertFault(RequestSpecification request, int status, String text) {
        Response response = request.when().get("/fermi/select");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.asString()).contains(text);
    }
}

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
import jakarta.inject.Inject;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.astroarchive.cutmerge.FitsVerify;
import org.astroarchive.cutmerge.SodaFixtures;
import org.astroarchive.cutmerge.soda.Astropy;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SODA 1.0 {sync} against real PostgreSQL (ivoa.obscore, archive.files/replicas) and S3Proxy: cutouts checked pixel
 * by pixel and position by position against the original with astropy as the independent WCS, fitsverify on every
 * cutout, and the faults of SODA 1.0 §5.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class SodaResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        SodaFixtures.load(dataSource, minio);
    }

    static Path save(Response response, String name) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/fits");
        Path file = Files.createTempFile("soda-test-" + name, ".fits");
        file.toFile().deleteOnExit();
        Files.write(file, response.asByteArray());
        assertThat(FitsVerify.quiet(file)).startsWith("verification OK");
        return file;
    }

    static Header header(Path file, int hdu) throws Exception {
        try (Fits fits = new Fits(file.toFile())) {
            return fits.getHDU(hdu).getHeader();
        }
    }

    static Object kernel(Path file, int hdu) throws Exception {
        try (Fits fits = new Fits(file.toFile())) {
            return ((ImageHDU) fits.getHDU(hdu)).getKernel();
        }
    }

    /** Pixel (x, y) of a 2-d image kernel, FITS 1-based. */
    static double value(Object kernel, int x, int y) {
        return ((Number) Array.get(Array.get(kernel, y - 1), x - 1)).doubleValue();
    }

    /** The point at {@code distance} degrees from (ra, dec) towards {@code bearing} (east of north). */
    static double[] offset(double ra, double dec, double distance, double bearing) {
        double d = Math.toRadians(dec);
        double r = Math.toRadians(distance);
        double b = Math.toRadians(bearing);
        double lat = Math.asin(Math.sin(d) * Math.cos(r) + Math.cos(d) * Math.sin(r) * Math.cos(b));
        double lon = Math.toRadians(ra) + Math.atan2(Math.sin(b) * Math.sin(r) * Math.cos(d),
                Math.cos(r) - Math.sin(d) * Math.sin(lat));
        return new double[] {Math.toDegrees(lon), Math.toDegrees(lat)};
    }

    /**
     * Every cutout pixel has, according to astropy, the sky position of an original pixel at one integral offset
     * (the WCS is shifted, not distorted) and the value of that original pixel. Returns the offset (dx, dy).
     */
    static int[] assertSameSkyAndValues(Path original, int originalHdu, Path cutout, int cutoutHdu) throws Exception {
        Header h = header(cutout, cutoutHdu);
        int n1 = h.getIntValue("NAXIS1");
        int n2 = h.getIntValue("NAXIS2");
        List<double[]> pixels = new ArrayList<>();
        for (int x = 1; x <= n1; x += Math.max(1, (n1 - 1) / 6)) {
            for (int y = 1; y <= n2; y += Math.max(1, (n2 - 1) / 6)) {
                pixels.add(new double[] {x, y});
            }
        }
        pixels.add(new double[] {n1, n2});
        double[][] world = Astropy.world(cutout, cutoutHdu, pixels.toArray(double[][]::new));
        double[][] back = Astropy.pixel(original, originalHdu, world);
        double dx = back[0][0] - pixels.get(0)[0];
        double dy = back[0][1] - pixels.get(0)[1];
        assertThat(dx).as("x offset is a whole number of pixels").isCloseTo(Math.rint(dx), within(1e-6));
        assertThat(dy).as("y offset is a whole number of pixels").isCloseTo(Math.rint(dy), within(1e-6));
        for (int i = 0; i < pixels.size(); i++) {
            assertThat(back[i][0] - pixels.get(i)[0]).as("x offset of pixel %s", Arrays.toString(pixels.get(i)))
                    .isCloseTo(dx, within(1e-6));
            assertThat(back[i][1] - pixels.get(i)[1]).as("y offset of pixel %s", Arrays.toString(pixels.get(i)))
                    .isCloseTo(dy, within(1e-6));
        }
        int[] shift = {(int) Math.rint(dx), (int) Math.rint(dy)};
        Object cut = kernel(cutout, cutoutHdu);
        Object full = kernel(original, originalHdu);
        for (int x = 1; x <= n1; x++) {
            for (int y = 1; y <= n2; y++) {
                double expected = value(full, x + shift[0], y + shift[1]);
                double actual = value(cut, x, y);
                if (!(Double.isNaN(expected) && Double.isNaN(actual))) {
                    assertThat(actual).as("pixel (%d, %d)", x, y).isEqualTo(expected);
                }
            }
        }
        return shift;
    }

    /** Each point (ICRS) falls inside the cutout, or outside the original image too (the cut is clipped there). */
    static void assertCovers(Path original, int originalHdu, Path cutout, int cutoutHdu, List<double[]> points)
            throws Exception {
        Header o = header(original, originalHdu);
        Header c = header(cutout, cutoutHdu);
        double[][] inCutout = Astropy.pixel(cutout, cutoutHdu, points.toArray(double[][]::new));
        double[][] inOriginal = Astropy.pixel(original, originalHdu, points.toArray(double[][]::new));
        for (int i = 0; i < points.size(); i++) {
            boolean onOriginal = inOriginal[i][0] >= 0.5 && inOriginal[i][0] <= o.getIntValue("NAXIS1") + 0.5
                    && inOriginal[i][1] >= 0.5 && inOriginal[i][1] <= o.getIntValue("NAXIS2") + 0.5;
            if (onOriginal) {
                assertThat(inCutout[i][0]).as("x of %s", Arrays.toString(points.get(i)))
                        .isBetween(0.5 - 1e-6, c.getIntValue("NAXIS1") + 0.5 + 1e-6);
                assertThat(inCutout[i][1]).as("y of %s", Arrays.toString(points.get(i)))
                        .isBetween(0.5 - 1e-6, c.getIntValue("NAXIS2") + 0.5 + 1e-6);
            }
        }
    }

    static List<double[]> circle(double ra, double dec, double radius) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {ra, dec});
        for (int bearing = 0; bearing < 360; bearing += 10) {
            points.add(offset(ra, dec, radius * 0.999, bearing));
        }
        return points;
    }

    @Test
    void circleCutoutOfZenithalImageKeepsValuesAndSkyPositions() throws Exception {
        Path original = file(AZP);
        double[] centre = Astropy.world(original, 0, new double[][] {{100, 90}})[0];
        double radius = 1.0; // 15 pixels of 0.0667 degrees
        Response response = given().queryParam("ID", imageId(AZP))
                .queryParam("CIRCLE", centre[0] + " " + centre[1] + " " + radius).when().get("/soda");
        Path cutout = save(response, "azp-circle");
        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=1904-66_AZP_cutout.fits");

        Header h = header(cutout, 0);
        assertThat(h.getIntValue("NAXIS")).isEqualTo(2);
        // as large as the circle's extent in pixels (astropy), give or take a pixel, far below 192 × 192
        double[][] edge = Astropy.pixel(original, 0, circle(centre[0], centre[1], radius).toArray(double[][]::new));
        double[] xs = Arrays.stream(edge).mapToDouble(p -> p[0]).toArray();
        double[] ys = Arrays.stream(edge).mapToDouble(p -> p[1]).toArray();
        long width = Math.round(Arrays.stream(xs).max().orElseThrow()) - Math.round(Arrays.stream(xs).min()
                .orElseThrow()) + 1;
        long height = Math.round(Arrays.stream(ys).max().orElseThrow()) - Math.round(Arrays.stream(ys).min()
                .orElseThrow()) + 1;
        assertThat((long) h.getIntValue("NAXIS1")).isBetween(width - 1, width + 1).isLessThan(60);
        assertThat((long) h.getIntValue("NAXIS2")).isBetween(height - 1, height + 1).isLessThan(60);
        int[] shift = assertSameSkyAndValues(original, 0, cutout, 0);
        Header o = header(original, 0);
        assertThat(h.getDoubleValue("CRPIX1")).isCloseTo(o.getDoubleValue("CRPIX1") - shift[0], within(1e-9));
        assertThat(h.getDoubleValue("CRPIX2")).isCloseTo(o.getDoubleValue("CRPIX2") - shift[1], within(1e-9));
        for (String key : List.of("CTYPE1", "CTYPE2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2", "PV2_1", "PV2_2",
                "LONPOLE", "LATPOLE", "BUNIT", "BMAJ", "RESTFRQ")) {
            assertThat(h.getStringValue(key)).as(key).isEqualTo(o.getStringValue(key));
        }
        assertCovers(original, 0, cutout, 0, circle(centre[0], centre[1], radius));
        String history = history(h);
        assertThat(history).contains(imageId(AZP)).contains("images:" + AZP).contains("CIRCLE")
                .contains("HDU 0 pixels [");
    }

    static String history(Header h) {
        StringBuilder text = new StringBuilder();
        var cursor = h.iterator();
        while (cursor.hasNext()) {
            var card = cursor.next();
            if ("HISTORY".equals(card.getKey())) {
                text.append(card.getComment()).append(' ');
            }
        }
        return text.toString();
    }

    @Test
    void rangeCutoutOfGzippedGalacticExtensionKeepsPrimaryHeaderAndExtension() throws Exception {
        Path original = Astropy.gunzip(file(COUNTS));
        // ICRS box around the Galactic centre (266.40, -28.94)
        Response response = given().queryParam("id", imageId(COUNTS)).queryParam("pos", "RANGE 265.5 267.5 -30 -28")
                .when().get("/soda");
        Path cutout = save(response, "counts-range");
        try (Fits fits = new Fits(cutout.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertThat(hdus).hasSize(2);
            assertThat(hdus[0].getHeader().getIntValue("NAXIS")).isZero();
            assertThat(hdus[1].getHeader().getStringValue("XTENSION")).isEqualTo("IMAGE");
            assertThat(hdus[1].getHeader().getStringValue("EXTNAME")).isEqualTo("N_ON");
            assertThat(hdus[1].getHeader().getStringValue("CTYPE1")).isEqualTo("GLON-CAR");
            assertThat(hdus[1].getHeader().getStringValue("DSVAL3")).isEqualTo("10000:10000000");
            assertThat(hdus[1].getHeader().getIntValue("NAXIS1")).isLessThan(401);
            assertThat(hdus[1].getHeader().getIntValue("NAXIS2")).isLessThan(201);
        }
        assertSameSkyAndValues(original, 1, cutout, 1);
        List<double[]> corners = new ArrayList<>();
        for (double ra = 265.5; ra <= 267.5; ra += 0.25) {
            corners.add(new double[] {ra, -30});
            corners.add(new double[] {ra, -28});
        }
        for (double dec = -30; dec <= -28; dec += 0.25) {
            corners.add(new double[] {265.5, dec});
            corners.add(new double[] {267.5, dec});
        }
        assertCovers(original, 1, cutout, 1, corners);
    }

    @Test
    void polygonCutoutByPostFormCoversTheVertices() throws Exception {
        Path original = file(AZP);
        double[][] vertices = Astropy.world(original, 0, new double[][] {{40, 40}, {70, 45}, {60, 80}});
        StringBuilder polygon = new StringBuilder();
        for (double[] v : vertices) {
            polygon.append(v[0]).append(' ').append(v[1]).append(' ');
        }
        Response response = given().formParam("ID", imageId(AZP)).formParam("POLYGON", polygon.toString().trim())
                .when().post("/soda");
        Path cutout = save(response, "azp-polygon");
        Header h = header(cutout, 0);
        // the vertices span pixels 40..70 × 40..80
        assertThat(h.getIntValue("NAXIS1")).isBetween(31, 36);
        assertThat(h.getIntValue("NAXIS2")).isBetween(41, 46);
        assertSameSkyAndValues(original, 0, cutout, 0);
        assertCovers(original, 0, cutout, 0, Arrays.asList(vertices));
    }

    @Test
    void bandAndTimeCutCubePlanesAndShiftTheirReferencePixels() throws Exception {
        // planes k cover wavelengths 5e-7 + (k - 1.5 .. k - 0.5) × 1e-8 m: 5.2e-7..5.4e-7 overlaps k = 3..5;
        // time pixels cover MJD 55000 + (k - 1.5 .. k - 0.5): 55002.2..55003.1 overlaps k = 3..4
        Response response = given().queryParam("ID", imageId(CUBE)).queryParam("BAND", "5.2e-7 5.4e-7")
                .queryParam("TIME", "55002.2 55003.1").when().get("/soda");
        Path cutout = save(response, "cube");
        Header h = header(cutout, 0);
        assertThat(new int[] {h.getIntValue("NAXIS1"), h.getIntValue("NAXIS2"), h.getIntValue("NAXIS3"),
                h.getIntValue("NAXIS4")}).containsExactly(CUBE_NX, CUBE_NY, 3, 2);
        assertThat(h.getDoubleValue("CRPIX3")).isEqualTo(1.0 - 2);
        assertThat(h.getDoubleValue("CRPIX4")).isEqualTo(1.0 - 2);
        assertThat(h.getDoubleValue("CRPIX1")).isEqualTo(12.5);
        assertThat(h.getDoubleValue("CRVAL3")).isEqualTo(5e-7);
        float[][][][] data = (float[][][][]) kernel(cutout, 0);
        for (int t = 0; t < 2; t++) {
            for (int w = 0; w < 3; w++) {
                for (int y = 0; y < CUBE_NY; y++) {
                    for (int x = 0; x < CUBE_NX; x++) {
                        assertThat(data[t][w][y][x]).isEqualTo(cubeValue(x, y, w + 2, t + 2));
                    }
                }
            }
        }
    }

    @Test
    void spatialAndSpectralCutOfCubeTogether() throws Exception {
        Response response = given().queryParam("ID", imageId(CUBE)).queryParam("POS", "CIRCLE 150 2.2 0.03")
                .queryParam("BAND", "5.05e-7 5.05e-7").when().get("/soda");
        Path cutout = save(response, "cube-circle");
        Header h = header(cutout, 0);
        // 0.03 degrees = 3 pixels around the reference pixel (12.5, 10.5): pixels 9..16 × 7..14; one plane
        assertThat(h.getIntValue("NAXIS1")).isBetween(6, 9);
        assertThat(h.getIntValue("NAXIS2")).isBetween(6, 9);
        assertThat(h.getIntValue("NAXIS3")).isEqualTo(1);
        assertThat(h.getIntValue("NAXIS4")).isEqualTo(CUBE_NT);
        int x0 = 12 - (int) h.getDoubleValue("CRPIX1");
        int y0 = 10 - (int) h.getDoubleValue("CRPIX2");
        float[][][][] data = (float[][][][]) kernel(cutout, 0);
        assertThat(data[3][0][0][0]).isEqualTo(cubeValue(x0, y0, 1, 3));
    }

    @Test
    void faultsSayWhatIsWrong() {
        assertFault(given().when().get("/soda"), 400, "UsageFault: ID is missing");
        assertFault(given().queryParam("ID", imageId("nothing.fits")).queryParam("CIRCLE", "1 2 3").when()
                .get("/soda"), 404, "NotFoundFault: ID '" + imageId("nothing.fits") + "' names no dataset");
        assertFault(given().queryParam("ID", "ivo://other.archive/images?images:" + AZP).when().get("/soda"), 404,
                "NotFoundFault: ID 'ivo://other.archive/images?images:" + AZP + "' belongs to another archive");
        assertFault(given().queryParam("ID", imageId(GHOST)).when().get("/soda"), 404,
                "NotFoundFault: the dataset " + imageId(GHOST) + " is published but its file");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("POS", "BOX 1 2 3 4").when().get("/soda"), 400,
                "UsageFault: POS='BOX 1 2 3 4' is malformed: it must start with CIRCLE, RANGE or POLYGON");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("POS", "CIRCLE 12 abc 1").when().get("/soda"),
                400, "UsageFault: POS=CIRCLE='12 abc 1' is malformed: 'abc' is not a number");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("CIRCLE", "12 34").when().get("/soda"), 400,
                "UsageFault: CIRCLE='12 34' must have 3 numbers");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("POLYGON", "1 2 3 4").when().get("/soda"), 400,
                "UsageFault: POLYGON='1 2 3 4' must have at least 3 vertices");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("CIRCLE", "12 95 1").when().get("/soda"), 400,
                "is not on the sky");
        assertFault(given().queryParam("ID", imageId(CUBE)).queryParam("BAND", "6e-7 5e-7").when().get("/soda"), 400,
                "UsageFault: BAND='6e-7 5e-7': the lower limit 6.0E-7 is above the upper limit 5.0E-7");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("CIRCLE", "1 2 3").queryParam("POS",
                "CIRCLE 1 2 3").when().get("/soda"), 400, "UsageFault: give one of POS, CIRCLE and POLYGON");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("ID", imageId(CUBE)).when().get("/soda"), 400,
                "UsageFault: ID was given 2 times");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("BAND", "5e-7 6e-7").when().get("/soda"), 400,
                "it has no spectral axis");
        assertFault(given().queryParam("ID", imageId(MEF)).queryParam("CIRCLE", "10 10 1").when().get("/soda"), 400,
                "it has no celestial WCS");
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("POL", "I").when().get("/soda"), 400,
                "UsageFault: POL is not supported");
        // the whole 192 × 192 float image is 147456 bytes, more than the 100000 of the test configuration
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("CIRCLE", "284.87 -66.34 20").when()
                .get("/soda"), 413, "UsageFault: the cutout would hold 147456 bytes of pixels, more than the 100000");
    }

    @Test
    void noOverlapIsNoContent() {
        // SODA 1.0 §5.1: no pixel selected → 204 without a body
        Response far = given().queryParam("ID", imageId(AZP)).queryParam("CIRCLE", "100 40 1").when().get("/soda");
        assertThat(far.statusCode()).isEqualTo(204);
        assertThat(far.asByteArray()).isEmpty();
        Response beforeTime = given().queryParam("ID", imageId(CUBE)).queryParam("TIME", "50000 50001").when()
                .get("/soda");
        assertThat(beforeTime.statusCode()).isEqualTo(204);
    }

    @Test
    void wholeDatasetWithoutFilterWhenSmallEnough() throws Exception {
        Path cutout = save(given().queryParam("ID", imageId(MEF)).when().get("/soda"), "mef");
        try (Fits fits = new Fits(cutout.toFile())) {
            assertThat(fits.read()).hasSize(4);
        }
    }

    static void assertFault(Response response, int status, String text) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.asString()).contains(text);
    }
}

package org.astroarchive.cutmerge.soda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link CelestialWcs} against astropy, on the real sample images and on one synthetic header per projection. */
class CelestialWcsTest {

    static Header header(Path file, int hdu) throws Exception {
        try (Fits fits = new Fits(file.toFile())) {
            return fits.getHDU(hdu).getHeader();
        }
    }

    /**
     * Compares pixel → world and world → pixel with astropy on a grid over an n1 × n2 image, to {@code degrees}
     * on the sky and {@code pixels} back.
     */
    static void agreesWithAstropy(Path file, int hdu, int n1, int n2, double degrees, double pixelTolerance)
            throws Exception {
        CelestialWcs wcs = CelestialWcs.of(header(file, hdu));
        assertThat(wcs).isNotNull();
        List<double[]> pixels = new ArrayList<>();
        for (double x = 1; x <= n1; x += (n1 - 1) / 7.0) {
            for (double y = 1; y <= n2; y += (n2 - 1) / 7.0) {
                pixels.add(new double[] {x, y});
            }
        }
        double[][] expected = Astropy.world(file, hdu, pixels.toArray(double[][]::new));
        assertThat(expected.length).isEqualTo(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            double[] p = pixels.get(i);
            double[] world = wcs.world(p[0], p[1]);
            assertThat(world).as("pixel (%s, %s)", p[0], p[1]).isNotNull();
            assertThat(SkyRegion.separation(world[0], world[1], expected[i][0], expected[i][1]))
                    .as("pixel (%s, %s): ours %s %s, astropy %s %s", p[0], p[1], world[0], world[1], expected[i][0],
                            expected[i][1]).isLessThan(degrees);
            double[] back = wcs.pixel(expected[i][0], expected[i][1]);
            assertThat(back[0]).as("x of (%s, %s)", p[0], p[1]).isCloseTo(p[0], within(pixelTolerance));
            assertThat(back[1]).as("y of (%s, %s)", p[0], p[1]).isCloseTo(p[1], within(pixelTolerance));
        }
    }

    @Test
    void zenithalAzpSampleWithTiltMatchesAstropy() throws Exception {
        Path file = Path.of("src/test/resources/samples/1904-66_AZP.fits");
        assertThat(CelestialWcs.of(header(file, 0)).projection).isEqualTo("AZP");
        // EQUINOX 2000 without RADESYS is FK5 to astropy, ICRS here: the frames differ by about 20 mas
        agreesWithAstropy(file, 0, 192, 192, 2e-5, 1e-3);
    }

    @Test
    void galacticCarSampleMatchesAstropy() throws Exception {
        Path file = Astropy.gunzip(Path.of("src/test/resources/samples/fermi_counts.fits.gz"));
        CelestialWcs wcs = CelestialWcs.of(header(file, 1));
        assertThat(wcs.galactic).isTrue();
        // astropy's galactic frame is tied to FK5, ours to ICRS (Hipparcos): about 20 mas apart
        agreesWithAstropy(file, 1, 401, 201, 2e-5, 1e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAN", "SIN", "STG", "ARC", "ZEA", "AIT", "CAR"})
    void projectionMatchesAstropy(String projection) throws Exception {
        Header header = new ImageHDU(ImageHDU.manufactureHeader(new nom.tam.fits.ImageData(new float[20][30])),
                null).getHeader();
        header.addValue("CTYPE1", "RA---" + projection, null);
        header.addValue("CTYPE2", "DEC--" + projection, null);
        header.addValue("CRPIX1", 12.5, null);
        header.addValue("CRPIX2", 8.0, null);
        header.addValue("CRVAL1", projection.equals("CAR") || projection.equals("AIT") ? 30.0 : 201.25, null);
        header.addValue("CRVAL2", projection.equals("CAR") || projection.equals("AIT") ? 0.0 : -43.1, null);
        header.addValue("CDELT1", -0.5, null);
        header.addValue("CDELT2", 0.5, null);
        header.addValue("PC1_1", Math.cos(0.3), null);
        header.addValue("PC1_2", -Math.sin(0.3), null);
        header.addValue("PC2_1", Math.sin(0.3), null);
        header.addValue("PC2_2", Math.cos(0.3), null);
        header.addValue("RADESYS", "ICRS", null);
        Path file = Files.createTempFile("wcs-" + projection, ".fits");
        file.toFile().deleteOnExit();
        try (Fits fits = new Fits()) {
            fits.addHDU(new ImageHDU(header, new nom.tam.fits.ImageData(new float[20][30])));
            fits.write(file.toFile());
        }
        agreesWithAstropy(file, 0, 30, 20, 1e-8, 1e-6);
    }
}

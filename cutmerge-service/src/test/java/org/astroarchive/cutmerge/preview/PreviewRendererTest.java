package org.astroarchive.cutmerge.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageData;
import nom.tam.fits.ImageHDU;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer on synthetic images whose expected picture is known (orientation, blank pixels, block averaging,
 * the middle plane of a cube, unsigned bytes) and on the real AZP sample (its NaN mask, flipped).
 */
public class PreviewRendererTest {

    @TempDir
    Path dir;

    /** The PNG decoded by ImageIO: grey in band 0, alpha in band 1. */
    public static Raster decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("ImageIO decodes the PNG").isNotNull();
        assertThat(image.getColorModel().getNumComponents()).as("grey + alpha").isEqualTo(2);
        return image.getRaster();
    }

    private Path write(Object kernel, String... cards) throws Exception {
        ImageData data = new ImageData(kernel);
        Header header = ImageHDU.manufactureHeader(data);
        for (int i = 0; i < cards.length; i += 2) {
            header.addValue(cards[i], Long.parseLong(cards[i + 1]), null);
        }
        Path file = Files.createTempFile(dir, "image-", ".fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(new ImageHDU(header, data));
            fits.write(file.toFile());
        }
        return file;
    }

    @Test
    void fitsRowOneIsTheBottomRowAndTheBrightCornerStaysInItsCorner() throws Exception {
        float[][] pixels = new float[20][40]; // [y][x]: 40 wide, 20 high
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                pixels[y][x] = 1000; // FITS pixels (1..4, 1..4): the bottom left corner in DS9
            }
        }
        pixels[19][39] = 10; // a faint pixel in the top right corner
        PreviewRenderer.Preview preview = PreviewRenderer.render(write(pixels), 512);

        Raster png = decode(preview.png());
        assertThat(png.getWidth()).isEqualTo(40);
        assertThat(png.getHeight()).isEqualTo(20);
        assertThat(png.getSample(0, 19, 0)).as("PNG bottom left = FITS (1, 1)").isEqualTo(255);
        assertThat(png.getSample(3, 16, 0)).isEqualTo(255);
        assertThat(png.getSample(0, 0, 0)).as("PNG top left = FITS (1, 20)").isEqualTo(0);
        assertThat(png.getSample(39, 19, 0)).as("PNG bottom right = FITS (40, 1)").isEqualTo(0);
        assertThat(png.getSample(39, 0, 0)).as("the faint top right pixel is grey, neither black nor white")
                .isBetween(1, 254);
        assertThat(png.getSample(20, 10, 1)).as("opaque").isEqualTo(255);
    }

    @Test
    void nanPixelsAreTransparentAndLeftOutOfTheBlockMeans() throws Exception {
        float[][] pixels = new float[10][10];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                pixels[y][x] = x < 4 ? Float.NaN : y;
            }
        }
        pixels[0][4] = Float.NaN; // one NaN inside a 2x2 block of values
        Raster png = decode(PreviewRenderer.render(write(pixels), 5).png());

        assertThat(png.getWidth()).isEqualTo(5);
        assertThat(png.getHeight()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            assertThat(png.getSample(0, y, 1)).as("all-NaN block (0, %d) is transparent", y).isZero();
            assertThat(png.getSample(1, y, 1)).isZero();
            assertThat(png.getSample(2, y, 1)).as("valued block (2, %d) is opaque", y).isEqualTo(255);
        }
        // FITS rows 1-2 (the bottom PNG row) average 0.5 or, with the NaN left out, 1: both below rows 3-4
        assertThat(png.getSample(2, 4, 0)).isLessThan(png.getSample(2, 3, 0));
    }

    @Test
    void blankIntegerPixelsAreTransparentAndBytesAreUnsigned() throws Exception {
        short[][] shorts = {{-32768, 5, 6}, {7, 8, -32768}};
        Raster blank = decode(PreviewRenderer.render(write(shorts, "BLANK", "-32768"), 512).png());
        assertThat(blank.getSample(0, 1, 1)).as("BLANK at FITS (1, 1) is transparent").isZero();
        assertThat(blank.getSample(2, 0, 1)).as("BLANK at FITS (3, 2) is transparent").isZero();
        assertThat(blank.getSample(1, 1, 1)).isEqualTo(255);

        byte[][] bytes = {{(byte) 10, (byte) 100, (byte) 200, (byte) 250}, {(byte) 10, (byte) 100, (byte) 200, (byte) 250}};
        Raster unsigned = decode(PreviewRenderer.render(write(bytes), 512).png());
        assertThat(unsigned.getSample(0, 0, 0)).isLessThan(unsigned.getSample(1, 0, 0));
        assertThat(unsigned.getSample(1, 0, 0)).as("200 (stored as byte -56) is brighter than 100")
                .isLessThan(unsigned.getSample(2, 0, 0));
    }

    @Test
    void blockAveragingKeepsTheAspectRatioAndNeverEnlarges() throws Exception {
        PreviewRenderer.Preview reduced = PreviewRenderer.render(write(new float[500][1000]), 100);
        assertThat(reduced.width()).isEqualTo(100);
        assertThat(reduced.height()).isEqualTo(50);
        Raster uneven = decode(PreviewRenderer.render(write(new int[31][95]), 30).png());
        assertThat(uneven.getWidth()).as("blocks of 4: ceil(95 / 4)").isEqualTo(24);
        assertThat(uneven.getHeight()).as("ceil(31 / 4)").isEqualTo(8);
        PreviewRenderer.Preview small = PreviewRenderer.render(write(new float[7][9]), 512);
        assertThat(small.width()).isEqualTo(9);
        assertThat(small.height()).isEqualTo(7);
    }

    @Test
    void aCubeShowsItsMiddlePlane() throws Exception {
        float[][][] cube = new float[5][6][8]; // NAXIS3 = 5: the middle plane is index 2 (FITS plane 3)
        for (int plane = 0; plane < 5; plane++) {
            cube[plane][plane == 2 ? 5 : 0][plane == 2 ? 7 : 0] = 100; // top right only in the middle plane
        }
        PreviewRenderer.Preview preview = PreviewRenderer.render(write(cube), 512);
        Raster png = decode(preview.png());
        assertThat(png.getSample(7, 0, 0)).isEqualTo(255);
        assertThat(png.getSample(0, 5, 0)).isZero();
        assertThat(preview.describe()).contains("8x6, plane 3");
    }

    @Test
    void aFileWithoutImageIsRefused() throws Exception {
        Path file = dir.resolve("table.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(new BinaryTableHDU(BinaryTableHDU.manufactureHeader(BinaryTable.fromColumnMajor(
                    new Object[] {new double[] {1, 2}})), BinaryTable.fromColumnMajor(new Object[] {new double[] {1, 2}})));
            fits.write(file.toFile());
        }
        assertThatThrownBy(() -> PreviewRenderer.render(file, 512)).isInstanceOf(PreviewRenderer.NoImageException.class);
    }

    @Test
    void theRealAzpSampleIsTransparentExactlyWhereItIsNaN() throws Exception {
        Path sample = Path.of("src/test/resources/samples/1904-66_AZP.fits");
        float[][] original;
        try (Fits fits = new Fits(sample.toFile())) {
            original = (float[][]) ((ImageHDU) fits.getHDU(0)).getKernel();
        }
        Raster png = decode(PreviewRenderer.render(sample, 512).png());
        assertThat(png.getWidth()).isEqualTo(192);
        assertThat(png.getHeight()).isEqualTo(192);
        int nan = 0;
        for (int y = 0; y < 192; y++) {
            for (int x = 0; x < 192; x++) {
                boolean blank = Float.isNaN(original[y][x]);
                nan += blank ? 1 : 0;
                assertThat(png.getSample(x, 191 - y, 1)).as("alpha of FITS (%d, %d)", x + 1, y + 1)
                        .isEqualTo(blank ? 0 : 255);
            }
        }
        assertThat(nan).isEqualTo(8121);
    }

    @Test
    void percentilesAndAsinh() {
        double[] sorted = new double[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i;
        }
        assertThat(PreviewRenderer.percentile(sorted, 0.5)).isEqualTo(4);
        assertThat(PreviewRenderer.percentile(sorted, 99.5)).isEqualTo(994);
        assertThat(PreviewRenderer.asinh(0)).isZero();
        assertThat(PreviewRenderer.asinh(1)).isCloseTo(0.9994, org.assertj.core.data.Offset.offset(1e-4));
    }
}

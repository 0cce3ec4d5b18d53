package org.astroarchive.cutmerge.preview;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.NullDataHDU;
import nom.tam.image.ImageTiler;

/**
 * Renders the image of a FITS file as a quick-look PNG: 8-bit grey with an alpha channel, blank pixels (NaN, or
 * BLANK of integer images) transparent. The image is the first HDU with {@code NAXIS >= 2}; of a cube, the middle
 * plane (index {@code NAXISk / 2} of every axis beyond the second). It is reduced by block averaging (blank pixels
 * left out of the mean) so that its long side has at most {@code size} pixels, never enlarged, and stretched from
 * the 0.5th to the 99.5th percentile of the reduced image through DS9's asinh curve. FITS row 1 is the bottom row
 * of the PNG, as DS9 and Aladin display the pixel grid (no WCS rotation is applied).
 *
 * <p>Only one block of rows is held at a time besides the output, read with nom-tam-fits' image tiler from the
 * random-access file, so a large image costs its output size in memory.
 */
public final class PreviewRenderer {

    static final double LOW_PERCENTILE = 0.5;
    static final double HIGH_PERCENTILE = 99.5;

    private PreviewRenderer() {
    }

    /** The PNG and what it shows. */
    public record Preview(byte[] png, int width, int height, String describe) {
    }

    /** No HDU of the file has an image of two or more axes. */
    public static class NoImageException extends Exception {
        NoImageException(String message) {
            super(message);
        }
    }

    /**
     * Renders {@code fits}.
     *
     * @throws NoImageException if the file has no image with at least two axes
     * @throws FitsException    if the file cannot be read as FITS
     */
    public static Preview render(Path fits, int size) throws NoImageException, FitsException {
        try (Fits file = new Fits(fits.toFile())) {
            BasicHDU<?>[] hdus = file.read();
            for (int i = 0; i < hdus.length; i++) {
                if (hdus[i] instanceof ImageHDU image && !(hdus[i] instanceof NullDataHDU)
                        && hdus[i].getHeader().getIntValue("NAXIS", 0) >= 2 && hasPixels(hdus[i].getHeader())) {
                    return render(i, image, size);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new NoImageException("it has no image with two or more axes (primary array or IMAGE extension)");
    }

    private static boolean hasPixels(Header header) {
        for (int k = 1; k <= header.getIntValue("NAXIS"); k++) {
            if (header.getIntValue("NAXIS" + k, 0) <= 0) {
                return false;
            }
        }
        return true;
    }

    private static Preview render(int index, ImageHDU hdu, int size) throws FitsException, IOException {
        Header header = hdu.getHeader();
        int naxis = header.getIntValue("NAXIS");
        int nx = header.getIntValue("NAXIS1");
        int ny = header.getIntValue("NAXIS2");
        int block = (Math.max(nx, ny) + size - 1) / size;
        int width = (nx + block - 1) / block;
        int height = (ny + block - 1) / block;
        double[] sums = new double[width * height];
        int[] counts = new int[width * height];
        // the tiler takes corners and lengths in Java array order: the last FITS axis first
        int[] corners = new int[naxis];
        int[] lengths = new int[naxis];
        StringBuilder plane = new StringBuilder();
        for (int k = 3; k <= naxis; k++) {
            int n = header.getIntValue("NAXIS" + k);
            corners[naxis - k] = n / 2;
            lengths[naxis - k] = 1;
            plane.append(plane.isEmpty() ? ", plane " : ":").append(n / 2 + 1);
        }
        lengths[naxis - 1] = nx;
        Pixels pixels = Pixels.of(header);
        ImageTiler tiler = hdu.getTiler();
        for (int y0 = 0; y0 < ny; y0 += block) {
            int rows = Math.min(block, ny - y0);
            corners[naxis - 2] = y0;
            lengths[naxis - 2] = rows;
            double[] values = pixels.values(tiler.getTile(corners, lengths));
            int outRow = y0 / block;
            for (int r = 0; r < rows; r++) {
                for (int x = 0; x < nx; x++) {
                    double v = values[r * nx + x];
                    if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                        int cell = outRow * width + x / block;
                        sums[cell] += v;
                        counts[cell]++;
                    }
                }
            }
        }
        double[] means = new double[sums.length];
        for (int i = 0; i < means.length; i++) {
            means[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
        }
        byte[] png = png(means, width, height);
        return new Preview(png, width, height, "HDU " + index + " (" + nx + "x" + ny + plane + "), blocks of "
                + block + "x" + block + ", " + width + "x" + height + " PNG");
    }

    /** Grey + alpha PNG of the means, FITS row 1 (index 0) at the bottom. */
    static byte[] png(double[] means, int width, int height) throws IOException {
        double[] finite = Arrays.stream(means).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double low = percentile(finite, LOW_PERCENTILE);
        double high = percentile(finite, HIGH_PERCENTILE);
        if (!(high > low) && finite.length > 0) { // a flat stretch range (mostly one value): use the full range
            low = finite[0];
            high = finite[finite.length - 1];
        }
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                new int[] {8, 8}, true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = means[y * width + x];
                int row = height - 1 - y;
                if (Double.isNaN(v)) {
                    raster.setSample(x, row, 1, 0);
                    continue;
                }
                double t = high > low ? Math.min(1, Math.max(0, (v - low) / (high - low))) : 0;
                raster.setSample(x, row, 0, (int) Math.round(255 * asinh(t)));
                raster.setSample(x, row, 1, 255);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(model, raster, false, null), "png", out);
        return out.toByteArray();
    }

    /** DS9's asinh scale: asinh(10 t) / 3, which maps [0, 1] onto [0, ~1]; clamped to 1. */
    static double asinh(double t) {
        double x = 10 * t;
        return Math.min(1, Math.log(x + Math.sqrt(x * x + 1)) / 3);
    }

    /** The p-th percentile of sorted values (nearest rank); NaN if there are none. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /**
     * Physical pixel values of a tile (FITS 4.0 §5.3): integer pixels equal to BLANK are blank, the others scaled by
     * BSCALE and BZERO; BITPIX 8 is unsigned.
     */
    private record Pixels(boolean unsignedBytes, Long blank, double scale, double zero) {
        static Pixels of(Header header) {
            int bitpix = header.getIntValue("BITPIX");
            Long blank = header.containsKey("BLANK") ? header.getLongValue("BLANK") : null;
            return new Pixels(bitpix == 8, blank, header.getDoubleValue("BSCALE", 1.0),
                    header.getDoubleValue("BZERO", 0.0));
        }

        double[] values(Object tile) {
            double[] values = new double[Array.getLength(tile)];
            if (tile instanceof float[] f) {
                for (int i = 0; i < f.length; i++) {
                    values[i] = f[i] * scale + zero;
                }
            } else if (tile instanceof double[] d) {
                for (int i = 0; i < d.length; i++) {
                    values[i] = d[i] * scale + zero;
                }
            } else {
                for (int i = 0; i < values.length; i++) {
                    long raw = unsignedBytes ? Array.getByte(tile, i) & 0xff : Array.getLong(tile, i);
                    values[i] = blank != null && raw == blank ? Double.NaN : raw * scale + zero;
                }
            }
            return values;
        }
    }
}

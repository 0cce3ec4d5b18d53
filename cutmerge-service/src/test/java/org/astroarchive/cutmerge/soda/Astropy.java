package org.astroarchive.cutmerge.soda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' independent WCS oracle: astropy (Debian's python3-astropy, which python3-pyvo brings) run by
 * {@code /usr/bin/python3} on src/test/resources/soda/wcs_points.py.
 */
public final class Astropy {

    private Astropy() {
    }

    /** ICRS (ra, dec) of FITS pixel coordinates (1-based) of the celestial WCS of HDU {@code hdu}. */
    public static double[][] world(Path fits, int hdu, double[][] pixels) {
        return run(fits, hdu, "world", pixels);
    }

    /** FITS pixel coordinates (1-based) of ICRS positions. */
    public static double[][] pixel(Path fits, int hdu, double[][] positions) {
        return run(fits, hdu, "pixel", positions);
    }

    private static double[][] run(Path fits, int hdu, String mode, double[][] points) {
        try {
            Path script = Path.of("src/test/resources/soda/wcs_points.py").toAbsolutePath();
            Process process = new ProcessBuilder("/usr/bin/python3", script.toString(), fits.toString(),
                    String.valueOf(hdu), mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = process.getOutputStream()) {
                StringBuilder text = new StringBuilder();
                for (double[] p : points) {
                    text.append(p[0]).append(' ').append(p[1]).append('\n');
                }
                in.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("astropy failed on " + fits + ": " + output);
            }
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            double[][] result = new double[lines.size()][];
            for (int i = 0; i < lines.size(); i++) {
                String[] words = lines.get(i).trim().split("\\s+");
                result[i] = new double[] {Double.parseDouble(words[0]), Double.parseDouble(words[1])};
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A gzip-compressed sample, decompressed into a temporary file. */
    public static Path gunzip(Path gz) throws IOException {
        Path plain = Files.createTempFile("sample-", ".fits");
        plain.toFile().deleteOnExit();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return plain;
    }
}

package org.astroarchive.importer.tables;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

/**
 * A FITS file opened for random access with nom-tam-fits, so that its binary tables are read row range by row range
 * instead of whole (nom-tam defers reading the data of an HDU read from a file). A gzip-compressed file cannot be
 * read at random, so it is first inflated to a temporary file next to it, deleted on {@link #close()}.
 *
 * <p>Opening checks the structure of the whole file: a file cut short or with unreadable bytes after its last HDU is
 * rejected before any row is read.
 */
public final class FitsTableFile implements Closeable {

    private final Fits fits;
    private final Path readable;
    private final Path inflated;
    private final List<BasicHDU<?>> hdus;

    private FitsTableFile(Fits fits, Path readable, Path inflated, List<BasicHDU<?>> hdus) {
        this.fits = fits;
        this.readable = readable;
        this.inflated = inflated;
        this.hdus = hdus;
    }

    /** @throws InvalidTableException if the file is not FITS, is truncated, or is not valid gzip */
    public static FitsTableFile open(Path path) throws IOException {
        Path inflated = isGzip(path) ? inflate(path) : null;
        Path readable = inflated != null ? inflated : path;
        Fits fits = null;
        try {
            String damage = org.astroarchive.importer.fits.PrimaryHeaderCheck.problem(readable);
            if (damage != null) {
                throw new InvalidTableException(damage);
            }
            fits = new Fits(readable.toFile());
            List<BasicHDU<?>> hdus = new ArrayList<>();
            long declared = 0;
            try {
                BasicHDU<?> hdu;
                while ((hdu = fits.readHDU()) != null) {
                    hdus.add(hdu);
                    declared += hdu.getHeader().getSize() + hdu.getHeader().getDataSize();
                }
            } catch (IOException | RuntimeException e) {
                if (hdus.isEmpty()) {
                    throw new InvalidTableException("not a readable FITS file: " + e.getMessage());
                }
                // a later HDU is unreadable: reported below as bytes after the last readable HDU
            }
            long length = Files.size(readable);
            if (hdus.isEmpty()) {
                throw new InvalidTableException("not a FITS file: no header data unit found in " + length + " bytes");
            }
            // FITS 4.0 §3.1: a file is a sequence of 2880-byte blocks holding whole HDUs.
            if (length < declared) {
                throw new InvalidTableException("truncated FITS file: its headers declare " + declared + " bytes but the "
                        + (inflated != null ? "decompressed " : "") + "file has " + length);
            }
            if (length > declared) {
                throw new InvalidTableException("truncated or corrupt FITS file: " + (length - declared) + " bytes after the "
                        + hdus.size() + " readable HDU(s), from byte " + declared + " to its end at " + length
                        + ", are not a complete HDU");
            }
            return new FitsTableFile(fits, readable, inflated, hdus);
        } catch (RuntimeException e) {
            close(fits, inflated);
            throw e instanceof InvalidTableException invalid ? invalid
                    : new InvalidTableException("not a readable FITS file: " + e.getMessage());
        } catch (IOException e) {
            close(fits, inflated);
            throw e;
        }
    }

    /** The first HDU whose EXTNAME is {@code extname} (compared without case, as CFITSIO does), or empty. */
    Optional<BasicHDU<?>> hdu(String extname) {
        for (BasicHDU<?> hdu : hdus) {
            String name = hdu.getHeader().getStringValue("EXTNAME");
            if (name != null && name.trim().equalsIgnoreCase(extname.trim())) {
                return Optional.of(hdu);
            }
        }
        return Optional.empty();
    }

    /** The file read: the original, or its inflated copy. */
    Path path() {
        return readable;
    }

    /** EXTNAMEs of the extensions, for error messages. */
    public List<String> extensionNames() {
        List<String> names = new ArrayList<>();
        for (BasicHDU<?> hdu : hdus) {
            Header header = hdu.getHeader();
            String name = header.getStringValue("EXTNAME");
            if (name != null) {
                names.add(name.trim());
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        close(fits, inflated);
    }

    private static void close(Fits fits, Path inflated) throws IOException {
        try {
            if (fits != null) {
                fits.close();
            }
        } finally {
            if (inflated != null) {
                Files.deleteIfExists(inflated);
            }
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static Path inflate(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        Path target = Files.createTempFile(dir, name + "-", ".fits");
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(path)), 65536);
             OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
            return target;
        } catch (IOException e) {
            Files.deleteIfExists(target);
            // java.util.zip reports corrupt and cut-short streams as ZipException / EOFException
            throw new InvalidTableException("not a readable gzip file: " + e.getMessage());
        }
    }
}

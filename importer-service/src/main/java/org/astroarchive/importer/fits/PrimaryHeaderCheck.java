package org.astroarchive.importer.fits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * FITS 4.0 §4.4.1.1: a primary header starts with SIMPLE = T, BITPIX and NAXIS, in this order, in fixed format
 * (value right-justified in columns 11-30). nom-tam-fits reads past damage there, so a file whose first cards were
 * corrupted (found by suites/BadInputIT: a flipped bit in SIMPLE, a letter in BITPIX's value) was accepted.
 */
public final class PrimaryHeaderCheck {

    private static final int CARD = 80;
    private static final Set<String> BITPIX = Set.of("8", "16", "32", "64", "-32", "-64");

    private PrimaryHeaderCheck() {
    }

    /** What is wrong with the first three cards of the file (gzip-compressed or not), or null if they are right. */
    public static String problem(Path file) throws IOException {
        byte[] head;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                head = in.readNBytes(3 * CARD);
            }
        } catch (java.util.zip.ZipException e) {
            return "not a readable gzip file: " + e.getMessage();
        }
        return problem(new String(head, StandardCharsets.US_ASCII));
    }

    static String problem(String head) {
        if (head.length() < 3 * CARD) {
            return "not a FITS file: " + head.length() + " bytes, fewer than the three mandatory header cards";
        }
        String simple = head.substring(0, CARD);
        if (!simple.startsWith("SIMPLE  = ") || !simple.substring(10, 29).isBlank() || simple.charAt(29) != 'T') {
            return "not a FITS file: the first card must be 'SIMPLE  =                    T' (FITS 4.0 section 4.4.1.1), "
                    + "found '" + printable(simple.substring(0, 30)) + "'";
        }
        String bitpix = value(head.substring(CARD, 2 * CARD), "BITPIX  = ");
        if (bitpix == null || !BITPIX.contains(bitpix)) {
            return "corrupt FITS header: the second card must be BITPIX = 8, 16, 32, 64, -32 or -64 in fixed format, found '"
                    + printable(head.substring(CARD, CARD + 30)) + "'";
        }
        String naxis = value(head.substring(2 * CARD, 3 * CARD), "NAXIS   = ");
        if (naxis == null || !naxis.matches("\\d{1,3}")) {
            return "corrupt FITS header: the third card must be NAXIS = 0..999 in fixed format, found '"
                    + printable(head.substring(2 * CARD, 2 * CARD + 30)) + "'";
        }
        return null;
    }

    /** The fixed-format value (columns 11-30, right-justified) of a card with this key, or null. */
    private static String value(String card, String key) {
        if (!card.startsWith(key)) {
            return null;
        }
        String field = card.substring(10, 30);
        String trimmed = field.strip();
        return field.endsWith(trimmed) && !trimmed.isEmpty() && field.substring(0, 20 - trimmed.length()).isBlank() ? trimmed : null;
    }

    private static String printable(String text) {
        return text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

package org.astroarchive.importer.service;

import java.util.Locale;

/**
 * Checksums the sender computed before the transfer (either may be null): the importer compares them with its own,
 * as Rucio does on upload.
 *
 * @param md5     32 hex digits
 * @param adler32 8 hex digits
 */
public record SenderChecksums(String md5, String adler32) {

    public static final SenderChecksums NONE = new SenderChecksums(null, null);

    public SenderChecksums {
        md5 = md5 == null || md5.isBlank() ? null : md5.trim().toLowerCase(Locale.ROOT);
        adler32 = adler32 == null || adler32.isBlank() ? null : adler32.trim().toLowerCase(Locale.ROOT);
        if (md5 != null && !md5.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("md5 '" + md5 + "' is not 32 hexadecimal digits");
        }
        if (adler32 != null && !adler32.matches("[0-9a-f]{1,8}")) {
            throw new IllegalArgumentException("adler32 '" + adler32 + "' is not up to 8 hexadecimal digits");
        }
        if (adler32 != null) {
            adler32 = "0".repeat(8 - adler32.length()) + adler32;
        }
    }

    /** The first disagreement with what was received, or null if none. */
    String mismatch(String receivedMd5, String receivedAdler32) {
        if (md5 != null && !md5.equals(receivedMd5)) {
            return "checksum mismatch: the sender's md5 is " + md5 + " but the bytes received have md5 " + receivedMd5;
        }
        if (adler32 != null && !adler32.equals(receivedAdler32)) {
            return "checksum mismatch: the sender's adler32 is " + adler32 + " but the bytes received have adler32 "
                    + receivedAdler32;
        }
        return null;
    }
}

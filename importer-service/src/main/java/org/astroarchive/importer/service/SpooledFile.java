package org.astroarchive.importer.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Adler32;

/**
 * An upload copied to local disk while its adler32 and md5 are computed in the same pass (Rucio records both),
 * so large files are never held in memory and are read once.
 */
public record SpooledFile(Path path, long bytes, String adler32, String md5) implements AutoCloseable {

    public static SpooledFile spool(InputStream in, Path dir) throws IOException {
        Path path = Files.createTempFile(dir, "upload-", ".part");
        Adler32 adler = new Adler32();
        MessageDigest md5 = newMd5();
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                adler.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes += n;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new SpooledFile(path, bytes, String.format("%08x", adler.getValue()), HexFormat.of().formatHex(md5.digest()));
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }
}

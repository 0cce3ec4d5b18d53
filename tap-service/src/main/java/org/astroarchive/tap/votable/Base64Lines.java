package org.astroarchive.tap.votable;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * The base64 text of a VOTable STREAM (VOTable 1.4 §5: {@code encoding="base64"}) in lines of 64 characters, each
 * ended by a newline, the last one padded: the same bytes as STIL's {@code BufferedBase64OutputStream}, encoded in
 * blocks by {@link Base64} (STIL's encoder, behind a Writer, was a third of a large result's CPU).
 */
final class Base64Lines extends OutputStream {

    /** 48 bytes make one line of 64 characters; a block of 256 lines is encoded at once. */
    private static final int LINE_BYTES = 48;
    private static final int LINE_CHARS = 64;
    private static final int BLOCK = LINE_BYTES * 256;

    private final OutputStream out;
    private final byte[] pending = new byte[BLOCK];
    private final byte[] encoded = new byte[BLOCK / 3 * 4];
    /** 256 lines of 64 characters and their newlines. */
    private final byte[] lines = new byte[BLOCK / 3 * 4 + BLOCK / LINE_BYTES];
    private int length;

    Base64Lines(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (length == BLOCK) {
            writeBlock();
        }
        pending[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        while (count > 0) {
            if (length == BLOCK) {
                writeBlock();
            }
            int copied = Math.min(count, BLOCK - length);
            System.arraycopy(bytes, offset, pending, length, copied);
            length += copied;
            offset += copied;
            count -= copied;
        }
    }

    /** Writes what is pending, padded, and ends its line; the stream must not be written to afterwards. */
    void finish() throws IOException {
        if (length > 0) {
            writeBlock();
        }
    }

    private void writeBlock() throws IOException {
        // the plain encoder runs as one vectorised loop (the MIME one, which breaks lines itself, took 20 times as long)
        int chars = Base64.getEncoder().encode(length == BLOCK ? pending : Arrays.copyOf(pending, length), encoded);
        int written = 0;
        for (int start = 0; start < chars; start += LINE_CHARS) {
            int line = Math.min(LINE_CHARS, chars - start);
            System.arraycopy(encoded, start, lines, written, line);
            written += line;
            lines[written++] = '\n';
        }
        out.write(lines, 0, written);
        length = 0;
    }
}

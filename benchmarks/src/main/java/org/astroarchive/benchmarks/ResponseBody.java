package org.astroarchive.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A response body read to its end by a load client: its size, and its first and last few kilobytes, which is where
 * a VOTable's QUERY_STATUS can be (DALI 1.1 §4.4.1: before the table, or after it for OVERFLOW or an error met while
 * streaming). The middle of a BINARY2 result is base64 inside STREAM and cannot hold one, so it is not kept.
 */
final class ResponseBody {

    static final int KEPT = 8192;
    private static final Pattern INFO = Pattern.compile("<INFO\\b[^>]*>");
    private static final Pattern NAME = Pattern.compile("\\bname\\s*=\\s*\"QUERY_STATUS\"");
    private static final Pattern VALUE = Pattern.compile("\\bvalue\\s*=\\s*\"([^\"]*)\"");

    private final long bytes;
    private final String head;
    private final String tail;

    private ResponseBody(long bytes, String head, String tail) {
        this.bytes = bytes;
        this.head = head;
        this.tail = tail;
    }

    /** Reads {@code in} to its end (and closes it), through {@code buffer} (reused by one client). */
    static ResponseBody read(InputStream in, byte[] buffer) throws IOException {
        byte[] head = new byte[KEPT];
        byte[] ring = new byte[KEPT]; // the last KEPT bytes, ring[(total - KEPT + i) % KEPT]
        int headLength = 0;
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (headLength < KEPT) {
                    int copied = Math.min(n, KEPT - headLength);
                    System.arraycopy(buffer, 0, head, headLength, copied);
                    headLength += copied;
                }
                // only this read's last KEPT bytes can end in the tail: copied in at most two pieces, not byte by byte,
                // since the client shares the machine's cores with the server it measures
                int from = Math.max(0, n - KEPT);
                int at = (int) ((total + from) % KEPT);
                int first = Math.min(n - from, KEPT - at);
                System.arraycopy(buffer, from, ring, at, first);
                System.arraycopy(buffer, from + first, ring, 0, n - from - first);
                total += n;
            }
        }
        int tailLength = (int) Math.min(total, KEPT);
        byte[] tail = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            tail[i] = ring[(int) ((total - tailLength + i) % KEPT)];
        }
        return new ResponseBody(total, new String(head, 0, headLength, StandardCharsets.ISO_8859_1),
                new String(tail, StandardCharsets.ISO_8859_1));
    }

    /** For tests and small documents held whole. */
    static ResponseBody of(String text) {
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        return new ResponseBody(all.length, text.substring(0, Math.min(text.length(), KEPT)),
                text.substring(Math.max(0, text.length() - KEPT)));
    }

    long bytes() {
        return bytes;
    }

    /** The whole body when it fits in what was kept (job documents, CSV of a few rows). */
    String text() {
        if (bytes > KEPT) {
            throw new IllegalStateException("only the first and last " + KEPT + " bytes of " + bytes + " were kept");
        }
        return head;
    }

    /** Whether the first or the last kept bytes hold {@code text}. */
    boolean contains(String text) {
        return head.contains(text) || tail.contains(text);
    }

    /** The value of an {@code INFO name="QUERY_STATUS"} ERROR, with its message, if the body has one. */
    Optional<String> queryError() {
        for (String part : bytes > KEPT ? new String[] {head, tail} : new String[] {head}) {
            Matcher info = INFO.matcher(part);
            while (info.find()) {
                String tag = info.group();
                Matcher value = VALUE.matcher(tag);
                if (NAME.matcher(tag).find() && value.find() && value.group(1).equals("ERROR")) {
                    int end = part.indexOf("</INFO>", info.end());
                    return Optional.of(end < 0 ? "QUERY_STATUS ERROR" : part.substring(info.end(), end).trim());
                }
            }
        }
        return Optional.empty();
    }
}

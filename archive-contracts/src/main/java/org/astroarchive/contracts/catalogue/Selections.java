package org.astroarchive.contracts.catalogue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.UUID;

/**
 * Selections: the seed-form DataLink URLs {@code <public-url>/datalink?id=<selection>&clientId=<client>} and the
 * Redis keys behind them, shared by the TAP service (which writes them into results) and the DataLink service (which
 * resolves them). A selection names one or more rows by their persistent IDs; Redis only holds the mapping, so a lost
 * selection loses no data: the persistent ID is the row's own and can always be asked for directly.
 *
 * <ul>
 *   <li>{@code dl:client:<client>}: a hash of the rows one client (a TAP result, a portal session) was given, with a
 *       TTL: the per-client cache. A TAP result's rows are stored in chunks: row {@code i} of a result gets the
 *       selection {@link #resultRow(UUID, long) resultRow(result, i)}, whose field {@link #field(UUID)} holds the
 *       persistent IDs of {@value #CHUNK} rows ({@link #encodeChunk}); a field per row cost Redis ~390 bytes and a
 *       hash insert a row, 3.5 GB and a busy core in the TAP benchmark. A single row given on its own is a field of its
 *       own ({@link #ofRow}, selection → persistent ID);</li>
 *   <li>{@code dl:selection:<selection>}: the persistent IDs of a selection made of several rows (newline separated),
 *       with a TTL, for selections created through the DataLink service.</li>
 * </ul>
 */
public final class Selections {

    /** Redis key prefix of a client's row selections (a hash). */
    public static final String CLIENT_KEY = "dl:client:";
    /** Redis key prefix of a multi-row selection (a string of newline-separated persistent IDs). */
    public static final String SELECTION_KEY = "dl:selection:";

    /**
     * One SHA-1 per thread: a TAP result hashes every row's persistent ID, and {@code MessageDigest.getInstance} per
     * row (a provider look-up) cost more than the hash itself. {@code digest} resets it for the next use.
     */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    });

    /** RFC 9562 §6.6: the namespace of our name-based selection IDs (itself a name-based UUID of the URL below). */
    private static final UUID NAMESPACE = nameBased(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
            "https://astroarchive.example/ns/datalink-selection");

    private Selections() {
    }

    /** Rows of a result stored in one field of the client's hash. */
    public static final int CHUNK = 1024;
    /** Row numbers of a result fit the low 32 bits of their selection ID. */
    public static final long MAX_RESULT_ROWS = 1L << 32;
    private static final long ROW_BITS = 0xffffffffL;

    /**
     * A new result's ID: random, RFC 9562 version 8 (custom), the low 32 bits left for its row numbers
     * ({@link #resultRow}); the version tells a result row's selection from a single row's ({@link #ofRow}).
     */
    public static UUID newResult() {
        UUID random = UUID.randomUUID();
        return new UUID((random.getMostSignificantBits() & ~0xf000L) | 0x8000L, random.getLeastSignificantBits() & ~ROW_BITS);
    }

    /** The selection of row {@code row} (from 0) of {@code result}. */
    public static UUID resultRow(UUID result, long row) {
        if (row < 0 || row >= MAX_RESULT_ROWS) {
            throw new IllegalArgumentException("row " + row + " is outside 0.." + (MAX_RESULT_ROWS - 1));
        }
        return new UUID(result.getMostSignificantBits(), (result.getLeastSignificantBits() & ~ROW_BITS) | row);
    }

    /** True for the selection of a result's row, stored in a chunk ({@link #resultRow}). */
    public static boolean isResultRow(UUID selection) {
        return selection.version() == 8;
    }

    /** The field of the client's hash ({@link #CLIENT_KEY}) that holds {@code selection}. */
    public static String field(UUID selection) {
        if (!isResultRow(selection)) {
            return selection.toString();
        }
        return chunkField(selection, (selection.getLeastSignificantBits() & ROW_BITS) / CHUNK);
    }

    /** The field holding chunk {@code chunk} of {@code result}'s rows: the result's ID up to its row bits, and the chunk. */
    public static String chunkField(UUID result, long chunk) {
        return resultPrefix(result) + ":" + chunk;
    }

    /** {@code result}'s ID up to its row bits: row {@code i}'s selection is this text and {@code i} in 8 hex digits. */
    public static String resultPrefix(UUID result) {
        return result.toString().substring(0, 28);
    }

    /**
     * The value of a chunk's field: the persistent IDs of its rows in order, as their common prefix and each one's
     * rest, one a line (persistent IDs hold no line breaks: {@link #storable}).
     */
    public static String encodeChunk(java.util.List<String> persistentIds) {
        String first = persistentIds.get(0);
        int common = first.length();
        for (String id : persistentIds) {
            int limit = Math.min(common, id.length());
            int same = 0;
            while (same < limit && first.charAt(same) == id.charAt(same)) {
                same++;
            }
            common = same;
        }
        StringBuilder value = new StringBuilder(first.substring(0, common));
        for (String id : persistentIds) {
            value.append('\n').append(id, common, id.length());
        }
        return value.toString();
    }

    /**
     * The persistent ID of {@code selection} from the value of its field ({@link #field}): the value itself for a
     * single row, the row's line of the chunk for a result's row. Empty when the chunk has no such row.
     */
    public static Optional<String> persistentId(UUID selection, String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!isResultRow(selection)) {
            return Optional.of(value);
        }
        int wanted = (int) ((selection.getLeastSignificantBits() & ROW_BITS) % CHUNK);
        int prefixEnd = value.indexOf('\n');
        if (prefixEnd < 0) {
            return Optional.empty();
        }
        int start = prefixEnd + 1;
        for (int line = 0; line < wanted; line++) {
            int end = value.indexOf('\n', start);
            if (end < 0) {
                return Optional.empty();
            }
            start = end + 1;
        }
        int end = value.indexOf('\n', start);
        return Optional.of(value.substring(0, prefixEnd) + value.substring(start, end < 0 ? value.length() : end));
    }

    /** True if {@code persistentId} can be stored in a chunk: a line of its own. */
    public static boolean storable(String persistentId) {
        return persistentId.indexOf('\n') < 0;
    }

    /** The selection ID of one row: the same persistent ID always gets the same UUID (RFC 9562 version 5). */
    public static UUID ofRow(String persistentId) {
        return nameBased(NAMESPACE, persistentId);
    }

    /** {@code <datalinkUrl>?id=<selection>&clientId=<client>}: the seed form of an {@code access_url}. */
    public static String url(String datalinkUrl, UUID selection, UUID client) {
        return datalinkUrl + "?id=" + selection + "&clientId=" + client;
    }

    /** A UUID, if {@code text} is one (any case); selection and client IDs are never anything else. */
    public static Optional<UUID> uuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The value of parameter {@code name} (case-insensitive, DALI 1.1 §3.1) in the query of {@code url}, decoded; an
     * {@code access_url} of ours names its row with {@code ID} (persistent form) or {@code id} + {@code clientId}.
     */
    public static Optional<String> parameter(String url, String name) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            int mark = url.indexOf('?');
            query = mark < 0 ? null : url.substring(mark + 1);
        }
        if (query == null) {
            return Optional.empty();
        }
        // a row ID holds its own '?' (ivo://authority/table?key): split on '&' only, and only the first '=' counts
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equalsIgnoreCase(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.update(toBytes(namespace));
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);   // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);   // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static byte[] toBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return bytes;
    }
}

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
 *   <li>{@code dl:client:<client>}: a hash selection → persistent ID of the rows one client (a TAP result, a portal
 *       session) was given, with a TTL: the per-client cache;</li>
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

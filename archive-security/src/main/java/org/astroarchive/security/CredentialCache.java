package org.astroarchive.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens obtained for HTTP Basic credentials, so that a client sending the same credentials on every
 * request (TOPCAT does) costs one call to the identity provider per few minutes. Keys are SHA-256 digests of a
 * per-process random salt and the credentials: neither the password nor an unsalted digest of it is ever kept.
 */
final class CredentialCache {

    private record Entry(String accessToken, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[16];
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    CredentialCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    /** The key of a user name and password. */
    String key(String user, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(user.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);   // "ab"+"c" and "a"+"bc" must differ
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The token remembered for the key, or null when none is or it expired. */
    String get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key, entry);
            return null;
        }
        return entry.accessToken();
    }

    /**
     * Remembers a token for the cache's time to live, but not past the token's own expiry less a margin, so that
     * a remembered token is still valid when it is checked again.
     */
    void put(String key, String accessToken, Duration tokenLifetime) {
        Duration margin = Duration.ofSeconds(10);
        Duration keep = tokenLifetime.minus(margin).compareTo(ttl) < 0 ? tokenLifetime.minus(margin) : ttl;
        if (keep.isNegative() || keep.isZero()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(entry -> !now.isBefore(entry.expires()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(accessToken, clock.instant().plus(keep)));
    }

    void remove(String key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }
}

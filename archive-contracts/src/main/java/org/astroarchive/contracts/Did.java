package org.astroarchive.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A Rucio-style data identifier {@code scope:name}.
 *
 * <p>The object key follows Rucio's deterministic layout: {@code scope/xx/yy/name}, where xx and yy are the first
 * and second pairs of hex digits of md5("scope:name"), so any service can find a file's bytes from its DID alone.
 */
public record Did(String scope, String name) {

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,24}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,249}");

    public Did {
        if (scope == null || !SCOPE.matcher(scope).matches()) {
            throw new IllegalArgumentException("invalid DID scope '" + scope
                    + "': use 1-25 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid DID name '" + name
                    + "': use 1-250 letters, digits, '.', '_', '+' or '-', starting with a letter or digit");
        }
    }

    /** Parses {@code scope:name}. */
    public static Did parse(String did) {
        int colon = did == null ? -1 : did.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid DID '" + did + "': expected scope:name");
        }
        return new Did(did.substring(0, colon), did.substring(colon + 1));
    }

    /** The deterministic object key {@code scope/xx/yy/name}. */
    public String objectKey() {
        String hash = md5Hex(toString());
        return scope + "/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + name;
    }

    @Override
    public String toString() {
        return scope + ":" + name;
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }
}

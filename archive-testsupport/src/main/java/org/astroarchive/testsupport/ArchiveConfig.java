package org.astroarchive.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * The configuration keys by which every service finds the infrastructure (the same keys the launcher sets as
 * ARCHIVE_* environment variables), for components started by the tests.
 */
public final class ArchiveConfig {

    public static final String S3_ACCESS_KEY = "archive";
    public static final String S3_SECRET_KEY = "archive-secret";

    private ArchiveConfig() {
    }

    public static Map<String, String> postgres(LocalComponent pg) {
        return Map.of("archive.pg.host", "127.0.0.1", "archive.pg.port", Integer.toString(pg.port()),
                "archive.pg.db", "archive", "archive.pg.user", "postgres", "archive.pg.password", "");
    }

    public static Map<String, String> kafka(LocalComponent kafka) {
        return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + kafka.port());
    }

    public static Map<String, String> redis(LocalComponent redis) {
        return Map.of("archive.redis.url", "redis://127.0.0.1:" + redis.port());
    }

    public static Map<String, String> s3(LocalComponent s3) {
        return Map.of("archive.s3.host", "127.0.0.1", "archive.s3.port", Integer.toString(s3.port()),
                "archive.s3.access-key", S3_ACCESS_KEY, "archive.s3.secret-key", S3_SECRET_KEY);
    }

    /**
     * OIDC against the test Keycloak (realm {@code archive}): bearer tokens checked by quarkus-oidc, HTTP Basic
     * checked by archive-security with a password grant on the public client {@code archive-cli}.
     */
    public static Map<String, String> keycloak(LocalComponent keycloak) {
        return Map.of("quarkus.oidc.auth-server-url", Keycloak.of(keycloak).issuer(),
                "quarkus.oidc.client-id", Keycloak.CLI_CLIENT,
                "archive.security.basic.client-id", Keycloak.CLI_CLIENT);
    }

    /** All of them, for what is running in {@link SharedComponents} or was passed. */
    @SafeVarargs
    public static Map<String, String> merge(Map<String, String>... parts) {
        Map<String, String> all = new HashMap<>();
        for (Map<String, String> part : parts) {
            all.putAll(part);
        }
        return all;
    }
}

package org.astroarchive.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Keys under {@code archive.security}. The identity provider itself is quarkus-oidc's
 * {@code quarkus.oidc.auth-server-url}: any standard OIDC provider (Keycloak, IA2 RAP) fits.
 */
@ConfigMapping(prefix = "archive.security")
public interface SecurityConfig {

    /** Realm named in the {@code WWW-Authenticate} challenges (RFC 7617 §2, RFC 6750 §3). */
    @WithDefault("archive")
    String realmName();

    /** Token claim holding the caller's groups, as plain names ({@code gaia}) or paths ({@code /gaia}). */
    @WithDefault("groups")
    String groupsClaim();

    Basic basic();

    CollectionAccessConfig collectionAccess();

    /** HTTP Basic for clients that cannot send bearer tokens (TOPCAT), checked against the identity provider. */
    interface Basic {

        /** Whether {@code Authorization: Basic} is accepted at all. */
        @WithDefault("true")
        boolean enabled();

        /** Client of the identity provider allowed to use the password grant (direct access grants). */
        @WithDefault("archive-cli")
        String clientId();

        /** Secret of that client, for providers whose password-grant client is confidential. */
        Optional<String> clientSecret();

        /** How long a successful check is reused (never beyond the token's own lifetime). */
        @WithDefault("PT5M")
        Duration cacheTtl();

        /** Upper bound of remembered credentials; the cache is emptied when it is reached. */
        @WithDefault("10000")
        int cacheMaxEntries();

        /** Time limit of one call to the identity provider (discovery or token request). */
        @WithDefault("PT10S")
        Duration timeout();
    }

    /** The {@code archive.collection_access} rules. */
    interface CollectionAccessConfig {

        /** How long the rules read from the database are reused. */
        @WithDefault("PT30S")
        Duration cacheTtl();
    }
}

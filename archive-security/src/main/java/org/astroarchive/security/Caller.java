package org.astroarchive.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who sends a request: the user name and groups from the validated token (bearer, or the one obtained for HTTP
 * Basic credentials), or anonymous when no credentials came.
 *
 * @param name          the token's principal (Keycloak: {@code preferred_username}); {@code "anonymous"} otherwise
 * @param groups        group names without a leading slash, sorted; empty when anonymous
 * @param authenticated false for anonymous callers
 */
public record Caller(String name, Set<String> groups, boolean authenticated) {

    public static final Caller ANONYMOUS = new Caller("anonymous", Set.of(), false);

    public Caller {
        groups = Set.copyOf(new TreeSet<>(groups));
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /** The caller of a Quarkus identity; groups are read from {@code groupsClaim} of its JWT. */
    public static Caller of(SecurityIdentity identity, String groupsClaim) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        Set<String> groups = new TreeSet<>();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(groupsClaim);
            if (claim instanceof Collection<?> values) {
                values.forEach(value -> addGroup(groups, value));
            } else if (claim != null) {
                addGroup(groups, claim);
            }
        }
        return new Caller(identity.getPrincipal().getName(), groups, true);
    }

    private static void addGroup(Set<String> groups, Object value) {
        // JSON strings come back as jakarta.json JsonString, whose toString() is quoted
        String name = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        // Keycloak sends full paths ("/gaia") unless its mapper is told otherwise; top-level groups only here
        name = name.startsWith("/") ? name.substring(1) : name;
        if (!name.isBlank()) {
            groups.add(name);
        }
    }
}

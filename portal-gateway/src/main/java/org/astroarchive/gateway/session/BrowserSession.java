package org.astroarchive.gateway.session;

import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The portal's login session: quarkus-oidc's encrypted session cookie, read lazily (authentication is not
 * proactive, so requests without the cookie never touch the identity provider).
 */
public final class BrowserSession {

    private static final Logger LOG = Logger.getLogger(BrowserSession.class);

    /** quarkus-oidc's cookies: the session (split into {@code q_session_chunk_N} when large) and a login's state. */
    private static final String SESSION_COOKIE = "q_session";
    private static final String STATE_COOKIE = "q_auth";
    private static final String GROUPS_CLAIM = "groups";
    /** Relative paths of this site only: one leading slash, no scheme, no "//host", no backslash or control chars. */
    private static final Pattern SAFE_TARGET = Pattern.compile("/(?![/\\\\])[^\\\\\\p{Cntrl}]*");

    private static final BiConsumer<RoutingContext, Throwable> DECIDED_BY_CALLER = (context, failure) -> { };

    private BrowserSession() {
    }

    /** Who is logged in, as {@code GET /api/whoami} answers. */
    public record Account(String user, List<String> groups, boolean authenticated) {
        public static final Account ANONYMOUS = new Account(null, List.of(), false);
    }

    public static boolean hasSessionCookie(String cookieHeader) {
        return cookieHeader != null && cookieNames(cookieHeader).stream().anyMatch(name -> name.startsWith(SESSION_COOKIE));
    }

    /** The Cookie header without quarkus-oidc's cookies (the services need no tokens in cookies); null when empty. */
    public static String withoutSessionCookies(String cookieHeader) {
        List<String> kept = new ArrayList<>();
        for (String pair : cookieHeader.split(";")) {
            String name = pair.split("=", 2)[0].trim();
            if (!name.isEmpty() && !name.startsWith(SESSION_COOKIE) && !name.startsWith(STATE_COOKIE)) {
                kept.add(pair.trim());
            }
        }
        return kept.isEmpty() ? null : String.join("; ", kept);
    }

    private static List<String> cookieNames(String cookieHeader) {
        List<String> names = new ArrayList<>();
        for (String pair : cookieHeader.split(";")) {
            names.add(pair.split("=", 2)[0].trim());
        }
        return names;
    }

    /**
     * The identity of the session cookie, or null when there is none or it is no longer valid (expired and not
     * refreshable, made with another key, garbled): the request then goes on anonymously.
     */
    public static Uni<SecurityIdentity> identity(RoutingContext context) {
        return resolve(context, false);
    }

    /**
     * As {@link #identity}, but the redirect that completes a login (the provider's callback to {@code /login}:
     * code exchanged, session cookie set, back to the original request) is passed on as a failure, since it is
     * how the login ends.
     */
    public static Uni<SecurityIdentity> identityCompletingLogin(RoutingContext context) {
        return resolve(context, true);
    }

    private static Uni<SecurityIdentity> resolve(RoutingContext context, boolean passRedirects) {
        // Quarkus answers a failed lazy authentication itself (the OIDC challenge: a redirect to the provider);
        // here the caller decides: anonymous, or the challenge of /login.
        context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, DECIDED_BY_CALLER);
        return QuarkusHttpUser.getSecurityIdentity(context, null)
                .onFailure(failure -> !(passRedirects && failure instanceof AuthenticationRedirectException)).recoverWithUni(failure -> {
                    LOG.debugf("session not usable, anonymous: %s", failure.getClass().getSimpleName());
                    return Uni.createFrom().nullItem();
                })
                .map(identity -> identity == null || identity.isAnonymous() ? null : identity);
    }

    public static Account account(SecurityIdentity identity) {
        if (identity == null) {
            return Account.ANONYMOUS;
        }
        TreeSet<String> groups = new TreeSet<>();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(GROUPS_CLAIM);
            if (claim instanceof Collection<?> values) {
                values.forEach(value -> addGroup(groups, value));
            } else if (claim != null) {
                addGroup(groups, claim);
            }
        }
        return new Account(identity.getPrincipal().getName(), List.copyOf(groups), true);
    }

    private static void addGroup(TreeSet<String> groups, Object value) {
        // JSON strings come back as jakarta.json JsonString, whose toString() is quoted
        String name = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        name = name.startsWith("/") ? name.substring(1) : name;
        if (!name.isBlank()) {
            groups.add(name);
        }
    }

    /**
     * Where to go after login: a path of this site, or {@code /} when none is given; empty for anything else
     * (absolute or scheme-relative URLs would make {@code /login} an open redirect).
     */
    public static Optional<String> safeTarget(String target) {
        if (target == null || target.isEmpty()) {
            return Optional.of("/");
        }
        return target.length() <= 2000 && SAFE_TARGET.matcher(target).matches() ? Optional.of(target) : Optional.empty();
    }
}

package org.astroarchive.security;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * HTTP Basic (RFC 7617) for VO clients that cannot send bearer tokens (TOPCAT): the credentials are exchanged for
 * an access token at the identity provider ({@link PasswordGrantClient}) and that token is validated by
 * quarkus-oidc exactly like a bearer token, so the identity and its groups come from the same checks. Successful
 * exchanges are remembered for a few minutes ({@link CredentialCache}).
 *
 * <p>Requests without an {@code Authorization: Basic} header are left to the other mechanisms (quarkus-oidc's
 * bearer mechanism), and requests without any credentials stay anonymous: public data needs no login. Wrong
 * credentials and anonymous requests to protected resources get 401 with both challenges, Basic and Bearer.
 */
@ApplicationScoped
public class IdpBasicAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(IdpBasicAuthenticationMechanism.class);
    private static final String BASIC_PREFIX = "basic ";
    /** Set on the request when the provider could not be asked: the answer is then 503, not a challenge. */
    private static final String PROVIDER_UNAVAILABLE = IdpBasicAuthenticationMechanism.class.getName() + ".unavailable";
    private static final String CHALLENGES_PENDING = IdpBasicAuthenticationMechanism.class.getName() + ".challenges";

    private final PasswordGrantClient passwordGrant;
    private final SecurityConfig config;
    private final CredentialCache cache;
    /**
     * Exchanges under way, by credentials: concurrent requests with the same credentials (a notebook's parallel
     * queries, TOPCAT's first burst) share one password grant instead of each sending its own, which under load
     * overwhelms the provider (password hashing is expensive by design) and can trip its brute-force protection.
     */
    private final java.util.concurrent.ConcurrentMap<String, Uni<PasswordGrantClient.Grant>> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();

    public IdpBasicAuthenticationMechanism(PasswordGrantClient passwordGrant, SecurityConfig config) {
        this.passwordGrant = passwordGrant;
        this.config = config;
        this.cache = new CredentialCache(config.basic().cacheTtl(), config.basic().cacheMaxEntries(), Clock.systemUTC());
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        boolean basic = header != null && header.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length());
        if (!config.basic().enabled() || !basic) {
            return Uni.createFrom().nullItem();
        }
        // This mechanism answers the challenge of this request (HttpAuthenticator asks the one that tried).
        context.put(HttpAuthenticationMechanism.class.getName(), this);
        String[] credentials = decode(header.substring(BASIC_PREFIX.length()).trim());
        if (credentials == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed HTTP Basic credentials"));
        }
        String key = cache.key(credentials[0], credentials[1]);
        String remembered = cache.get(key);
        if (remembered != null) {
            // A remembered token that no longer validates (keys rotated, session ended) is exchanged again.
            return validate(remembered, context, identityProviderManager)
                    .onFailure().recoverWithUni(() -> {
                        cache.remove(key);
                        return exchange(credentials, key, context, identityProviderManager);
                    });
        }
        return exchange(credentials, key, context, identityProviderManager);
    }

    private Uni<SecurityIdentity> exchange(String[] credentials, String key, RoutingContext context,
                                           IdentityProviderManager identityProviderManager) {
        return inFlight.computeIfAbsent(key, k -> passwordGrant.grant(credentials[0], credentials[1])
                        .eventually(() -> {
                            inFlight.remove(k); // a block: the Supplier<Uni> overload would subscribe to itself
                        })
                        .memoize().indefinitely())
                .onFailure().transform(e -> {
                    if (e instanceof PasswordGrantClient.InvalidCredentialsException) {
                        LOG.debugf("HTTP Basic credentials of '%s' refused by the identity provider: %s", credentials[0],
                                e.getMessage());
                        return new AuthenticationFailedException("invalid user name or password");
                    }
                    LOG.warnf("HTTP Basic credentials cannot be checked: %s", e.getMessage());
                    context.put(PROVIDER_UNAVAILABLE, e.getMessage());
                    return new AuthenticationFailedException("identity provider unavailable", e);
                })
                .chain(grant -> validate(grant.accessToken(), context, identityProviderManager)
                        .invoke(() -> cache.put(key, grant.accessToken(), grant.lifetime())));
    }

    /** The identity of a token, through quarkus-oidc's identity provider (signature, issuer, audience, expiry). */
    private static Uni<SecurityIdentity> validate(String accessToken, RoutingContext context,
                                                  IdentityProviderManager identityProviderManager) {
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new AccessTokenCredential(accessToken)), context));
    }

    /** {user, password} of an RFC 7617 credentials string, or null when it is not base64 of "user:password". */
    private static String[] decode(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * 401 with a Basic and a Bearer challenge (RFC 7235 §4.1 allows several), so that TOPCAT offers its password
     * dialog and token clients learn the scheme too; 503 when the identity provider could not be asked.
     */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String unavailable = context.get(PROVIDER_UNAVAILABLE);
        if (unavailable != null) {
            context.response().setStatusCode(HttpResponseStatus.SERVICE_UNAVAILABLE.code())
                    .putHeader(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8")
                    .putHeader(HttpHeaderNames.RETRY_AFTER, "30")
                    .end("The identity provider cannot check HTTP Basic credentials right now; retry later or send a "
                            + "bearer token.\n");
            return Uni.createFrom().item(true);
        }
        context.response().setStatusCode(HttpResponseStatus.UNAUTHORIZED.code());
        addBothChallengesTo401(context);
        return Uni.createFrom().item(true);
    }

    /** Used by Quarkus REST for anonymous calls to protected methods; it can carry one header only, see below. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        addBothChallengesTo401(context);
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                HttpHeaderNames.WWW_AUTHENTICATE, basicChallenge()));
    }

    /**
     * A {@link ChallengeData} holds one header value and Quarkus REST replaces the header with it, so both
     * challenges are written as two header fields just before the response headers go out.
     */
    private void addBothChallengesTo401(RoutingContext context) {
        if (context.get(CHALLENGES_PENDING) != null) {
            return;
        }
        context.put(CHALLENGES_PENDING, Boolean.TRUE);
        context.addHeadersEndHandler(ignored -> {
            if (context.response().getStatusCode() == HttpResponseStatus.UNAUTHORIZED.code()) {
                context.response().headers()
                        .set(HttpHeaderNames.WWW_AUTHENTICATE, basicChallenge())
                        .add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"" + config.realmName() + "\"");
            }
        });
    }

    private String basicChallenge() {
        return "Basic realm=\"" + config.realmName() + "\"";
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        // The identities come from quarkus-oidc's TokenAuthenticationRequest provider.
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "basic"));
    }

    /** Before quarkus-oidc (1001): first to send the challenge of anonymous requests to protected resources. */
    @Override
    public int getPriority() {
        return HttpAuthenticationMechanism.DEFAULT_PRIORITY + 100;
    }
}

package org.astroarchive.security;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks a user name and password at the identity provider with the OAuth 2.0 resource owner password grant
 * (RFC 6749 §4.3) on the configured client. The token endpoint comes from OIDC discovery (OpenID Connect Discovery
 * 1.0 §4) of {@code quarkus.oidc.auth-server-url}, so any standard provider works.
 */
@ApplicationScoped
public class PasswordGrantClient {

    /** A token for valid credentials; {@code lifetime} is the provider's {@code expires_in}. */
    public record Grant(String accessToken, Duration lifetime) {
    }

    /** The provider answered that the credentials are wrong (RFC 6749 §5.2 {@code invalid_grant}). */
    public static final class InvalidCredentialsException extends RuntimeException {
        InvalidCredentialsException(String message) {
            super(message);
        }
    }

    /** The provider could not be asked (unreachable, misconfigured, or an unexpected answer). */
    public static final class ProviderUnavailableException extends RuntimeException {
        ProviderUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Optional<String> authServerUrl;
    private final SecurityConfig.Basic config;
    private final WebClient client;
    private final io.micrometer.core.instrument.Counter requests;
    /** The same count, readable whatever meter registry is (or is not) installed. */
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private volatile String tokenEndpoint;

    public PasswordGrantClient(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
                               SecurityConfig config, Vertx vertx, io.micrometer.core.instrument.MeterRegistry registry) {
        this.authServerUrl = authServerUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.config = config.basic();
        this.requests = registry.counter("archive.security.password.grants");
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) this.config.timeout().toMillis())
                .setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Token requests sent to the provider so far (metric {@code archive.security.password.grants}). */
    public long requestsSent() {
        return sent.get();
    }

    public Uni<Grant> grant(String user, String password) {
        return tokenEndpoint().chain(endpoint -> {
            MultiMap form = MultiMap.caseInsensitiveMultiMap()
                    .add("grant_type", "password")
                    .add("client_id", config.clientId())
                    .add("username", user)
                    .add("password", password);
            config.clientSecret().ifPresent(secret -> form.add("client_secret", secret));
            requests.increment();
            sent.incrementAndGet();
            return client.postAbs(endpoint)
                    .timeout(config.timeout().toMillis())
                    .putHeader("Accept", "application/json")
                    .sendForm(form)
                    .onFailure().transform(e -> new ProviderUnavailableException("token endpoint " + endpoint
                            + " not reachable: " + e.getMessage(), e))
                    .map(response -> toGrant(endpoint, response));
        });
    }

    private static Grant toGrant(String endpoint, HttpResponse<?> response) {
        int status = response.statusCode();
        JsonObject body = parse(response);
        String error = body == null ? null : body.getString("error");
        // RFC 6749 §5.2: wrong credentials (or a disabled or locked account) are invalid_grant, with 400 or 401.
        // Any other error (invalid_client, unauthorized_client) is our client's configuration, not the caller's.
        if ((status == 400 || status == 401) && "invalid_grant".equals(error)) {
            throw new InvalidCredentialsException(body.getString("error_description", error));
        }
        if (status != 200 || body == null || body.getString("access_token") == null) {
            throw new ProviderUnavailableException("token endpoint " + endpoint + " answered HTTP " + status
                    + (error == null ? "" : " " + error + " " + body.getString("error_description", "")), null);
        }
        long expiresIn = body.getLong("expires_in", 60L);
        return new Grant(body.getString("access_token"), Duration.ofSeconds(expiresIn));
    }

    /** The token endpoint, discovered once and then remembered. */
    private Uni<String> tokenEndpoint() {
        String known = tokenEndpoint;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (authServerUrl.isEmpty()) {
            return Uni.createFrom().failure(new ProviderUnavailableException(
                    "quarkus.oidc.auth-server-url is not set: HTTP Basic credentials cannot be checked", null));
        }
        String discovery = authServerUrl.get() + "/.well-known/openid-configuration";
        return client.getAbs(discovery)
                .timeout(config.timeout().toMillis())
                .send()
                .onFailure().transform(e -> new ProviderUnavailableException(
                        "OIDC discovery " + discovery + " failed: " + e.getMessage(), e))
                .map(response -> {
                    JsonObject body = parse(response);
                    String endpoint = response.statusCode() == 200 && body != null ? body.getString("token_endpoint") : null;
                    if (endpoint == null) {
                        throw new ProviderUnavailableException("OIDC discovery " + discovery + " answered HTTP "
                                + response.statusCode() + " without a token_endpoint", null);
                    }
                    tokenEndpoint = endpoint;
                    return endpoint;
                });
    }

    private static JsonObject parse(HttpResponse<?> response) {
        try {
            return response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }
}

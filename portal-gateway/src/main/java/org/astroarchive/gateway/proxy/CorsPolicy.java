package org.astroarchive.gateway.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS (Fetch standard, "CORS protocol") for the VO routes, so that browser clients on other origins (Aladin Lite,
 * notebooks) can query the archive. Only the configured origins get an answer; they may send credentials (a bearer
 * token or, when on the same site, the portal session). The wildcard {@code *} allows any origin without
 * credentials, as the Fetch standard requires.
 */
final class CorsPolicy {

    static final String EXPOSED = "Location, X-Request-Id, Content-Disposition, Server-Timing";
    private static final String METHODS = "GET, HEAD, POST, PUT, DELETE";
    private static final String HEADERS = "Authorization, Content-Type, Accept, X-Request-Id";
    private static final String MAX_AGE = "600";

    private final Set<String> origins;
    private final boolean anyOrigin;

    CorsPolicy(List<String> configured) {
        this.origins = configured.stream().map(String::trim).filter(o -> !o.isEmpty() && !o.equals("*"))
                .map(CorsPolicy::normalise).collect(Collectors.toUnmodifiableSet());
        this.anyOrigin = configured.stream().anyMatch(o -> o.trim().equals("*"));
    }

    /** The Origin names the host the request was sent to (the portal's own scripts). */
    static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (host == null || uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean allowsCredentials(String origin) {
        return origins.contains(normalise(origin));
    }

    boolean allows(String origin) {
        return anyOrigin || allowsCredentials(origin);
    }

    static boolean isPreflight(HttpServerRequest request) {
        return request.method() == HttpMethod.OPTIONS && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    /** A preflight is answered here, never by the services: 204 for allowed origins, 403 for the others. */
    void answerPreflight(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        response.putHeader(HttpHeaders.VARY, "Origin");
        if (!allows(origin)) {
            response.setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                    .end("origin " + origin + " may not call this archive from a browser (gateway.cors.origins)");
            return;
        }
        allowOrigin(origin, response);
        response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS)
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE)
                .setStatusCode(204).end();
    }

    /** The CORS headers of an actual request from an allowed origin; nothing for the others (the browser blocks). */
    void decorate(String origin, HttpServerResponse response) {
        response.putHeader(HttpHeaders.VARY, "Origin");
        if (allows(origin)) {
            allowOrigin(origin, response);
            response.putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
        }
    }

    private void allowOrigin(String origin, HttpServerResponse response) {
        if (allowsCredentials(origin)) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        } else {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
    }

    /** Origins compare by scheme, host and port; a trailing slash in the configuration is forgiven. */
    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}

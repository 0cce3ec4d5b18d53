package org.astroarchive.gateway.proxy;

import io.quarkus.oidc.AccessTokenCredential;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.Future;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.astroarchive.gateway.config.GatewayConfig;
import org.astroarchive.gateway.session.BrowserSession;
import org.jboss.logging.Logger;

/**
 * One public base URL for every protocol: {@code /tap}, {@code /datalink}, {@code /cutmerge}, {@code /soda},
 * {@code /preview} (DataLink {@code #preview} PNGs), {@code /fermi} (event selection) and the importer's {@code /api/files} and {@code /api/collections} are proxied,
 * streamed both ways, to the services.
 * The Host header is kept, so the URLs the services write (UWS job locations, access_url) name the gateway; each
 * request gets an {@code X-Request-Id} (kept if the client sent one) that the services log.
 *
 * <p>A browser logged in to the portal (session cookie, no Authorization header) is forwarded with
 * {@code Authorization: Bearer <its access token>}, so each service authorises the user itself; everything else
 * passes as it came, anonymous requests included. Cross-origin scripts are answered by {@link CorsPolicy}.
 */
@ApplicationScoped
public class ServiceRoutes {

    private static final Logger LOG = Logger.getLogger(ServiceRoutes.class);

    /** Path prefix → service name in {@code gateway.services}. */
    static final Map<String, String> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("/tap", "tap");
        ROUTES.put("/datalink", "datalink");
        ROUTES.put("/cutmerge", "cutmerge");
        ROUTES.put("/soda", "cutmerge");
        ROUTES.put("/preview", "cutmerge");
        ROUTES.put("/fermi", "cutmerge");
        ROUTES.put("/api/files", "importer");
        ROUTES.put("/api/collections", "importer");
    }

    /** The service sees the client's Host, as if it answered directly. */
    private static final ProxyInterceptor KEEP_HOST = new ProxyInterceptor() {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest request = context.request();
            if (request.proxiedRequest().authority() != null) {
                request.setAuthority(request.proxiedRequest().authority());
            }
            return context.sendRequest();
        }
    };

    private final CorsPolicy cors;

    public ServiceRoutes(GatewayConfig config) {
        this.cors = new CorsPolicy(config.cors().origins().orElse(List.of()));
    }

    void register(@Observes Router router, Vertx vertx, GatewayConfig config) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(32));
        ROUTES.forEach((prefix, service) -> {
            String base = config.services().get(service);
            if (base == null) {
                LOG.warnf("no gateway.services.%s: %s is not routed", service, prefix);
                return;
            }
            URI origin = URI.create(base);
            HttpProxy proxy = HttpProxy.reverseProxy(client).origin(origin.getPort(), origin.getHost());
            proxy.addInterceptor(KEEP_HOST);
            // exactly the prefix or below it: /tap and /tap/sync, not /tapestry
            router.routeWithRegex("^" + java.util.regex.Pattern.quote(prefix) + "(/.*)?$").order(-10)
                    .handler(context -> route(context, proxy));
        });
    }

    private void route(RoutingContext context, HttpProxy proxy) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        // HTTP/2 has no Host header, only :authority
        String authority = request.authority() == null ? null : request.authority().toString();
        boolean crossOrigin = origin != null && !CorsPolicy.sameOrigin(origin, authority);
        if (crossOrigin && CorsPolicy.isPreflight(request)) {
            cors.answerPreflight(request, context.response());
            return;
        }
        if (crossOrigin) {
            cors.decorate(origin, context.response());
        }
        if (request.getHeader("X-Request-Id") == null) {
            request.headers().set("X-Request-Id", UUID.randomUUID().toString());
        }
        request.headers().set("X-Forwarded-Proto", request.scheme());
        request.headers().set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
        context.response().putHeader("X-Request-Id", request.getHeader("X-Request-Id"));

        // one Cookie header from browsers; HTTP/2 clients and some libraries send one per cookie
        String cookies = request.headers().contains(HttpHeaders.COOKIE) ? String.join("; ", request.headers().getAll(HttpHeaders.COOKIE)) : null;
        if (cookies == null || !BrowserSession.hasSessionCookie(cookies)) {
            proxy.handle(request);
            return;
        }
        // The services never see the gateway's session cookie; they get its access token instead, unless the
        // client sent its own credentials (pyvo's bearer token, TOPCAT's Basic), which pass untouched. A session is
        // used only for the portal's own origin and the configured CORS origins (no cross-site request forgery).
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null || (crossOrigin && !cors.allowsCredentials(origin))) {
            forward(request, cookies, null, proxy);
            return;
        }
        // reading the session may refresh its tokens at the provider: keep the body until the proxy streams it
        request.pause();
        Context vertxContext = Vertx.currentContext();
        // (an unusable session is anonymous: BrowserSession.identity never fails)
        BrowserSession.identity(context).subscribe().with(identity -> vertxContext.runOnContext(ignored -> {
            AccessTokenCredential token = identity == null ? null : identity.getCredential(AccessTokenCredential.class);
            forward(request, cookies, token == null ? null : token.getToken(), proxy);
        }), failure -> vertxContext.runOnContext(ignored -> context.fail(failure)));
    }

    private static void forward(HttpServerRequest request, String cookies, String accessToken, HttpProxy proxy) {
        String withoutSession = BrowserSession.withoutSessionCookies(cookies);
        if (withoutSession == null) {
            request.headers().remove(HttpHeaders.COOKIE);
        } else {
            request.headers().set(HttpHeaders.COOKIE, withoutSession);
        }
        if (accessToken != null) {
            request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
        }
        proxy.handle(request);
    }
}

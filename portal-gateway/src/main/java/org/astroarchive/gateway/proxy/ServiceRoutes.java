package org.astroarchive.gateway.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
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
import java.util.Map;
import java.util.UUID;
import org.astroarchive.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

/**
 * One public base URL for every protocol: {@code /tap}, {@code /datalink}, {@code /cutmerge}, {@code /soda},
 * {@code /fermi} (event selection) and the importer's {@code /api/files} and {@code /api/collections} are proxied,
 * streamed both ways, to the services.
 * The Host header is kept, so the URLs the services write (UWS job locations, access_url) name the gateway; each
 * request gets an {@code X-Request-Id} (kept if the client sent one) that the services log.
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
            router.routeWithRegex("^" + java.util.regex.Pattern.quote(prefix) + "(/.*)?$").order(-10).handler(context -> {
                var request = context.request();
                if (request.getHeader("X-Request-Id") == null) {
                    request.headers().set("X-Request-Id", UUID.randomUUID().toString());
                }
                request.headers().set("X-Forwarded-Proto", request.scheme());
                request.headers().set("X-Forwarded-Host", request.authority() == null ? "" : request.authority().toString());
                context.response().putHeader("X-Request-Id", request.getHeader("X-Request-Id"));
                proxy.handle(request);
            });
        });
    }
}

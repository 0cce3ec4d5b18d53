package org.astroarchive.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A loopback reverse proxy that adds an {@code Authorization} header, for clients that cannot log in: Debian's stilts
 * 3.4.7 (taplint, datalinklint) predates STIL's authentication support, and Gaia is private (issue 6). The Host header
 * is passed on, so URLs the service writes (UWS job locations, links) lead back through the proxy.
 */
final class AuthenticatingProxy implements AutoCloseable {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those HttpClient sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "upgrade", "proxy-connection", "content-length", "host", "expect", "authorization");

    private final HttpServer server;
    // HTTP/1.1: an h2c upgrade to Vert.x breaks once the Host header is set by hand (RST_STREAM: protocol error)
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private AuthenticatingProxy(HttpServer server) {
        this.server = server;
    }

    /** Forwards everything sent to {@link #url()} to {@code target}, with {@code authorization} added. */
    static AuthenticatingProxy start(String target, String authorization) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AuthenticatingProxy proxy = new AuthenticatingProxy(server);
        server.createContext("/", exchange -> proxy.forward(exchange, URI.create(target), authorization));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return proxy;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange, URI target, String authorization) throws IOException {
        try (exchange) {
            URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Authorization", authorization)
                    .header("Host", exchange.getRequestHeaders().getFirst("Host"));   // allowed by the failsafe argLine
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), 0);
            try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

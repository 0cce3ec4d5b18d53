package org.astroarchive.gateway.client;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.astroarchive.gateway.config.GatewayConfig;

/** Asks every service behind the gateway for its readiness (MicroProfile Health {@code /q/health/ready}), in parallel. */
@ApplicationScoped
public class ServiceHealthClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final GatewayConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public ServiceHealthClient(GatewayConfig config) {
        this.config = config;
    }

    /** One service's state as the portal and operators see it. */
    public record ServiceStatus(String service, String url, String status, String detail) {
    }

    public List<ServiceStatus> statuses() {
        List<CompletableFuture<ServiceStatus>> checks = config.services().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> check(entry.getKey(), entry.getValue())).toList();
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<ServiceStatus> check(String service, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200
                        ? new ServiceStatus(service, url, "UP", "ready")
                        : new ServiceStatus(service, url, "DOWN", "readiness answered HTTP " + response.statusCode()))
                .exceptionally(e -> new ServiceStatus(service, url, "DOWN",
                        "unreachable: " + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName()));
    }
}

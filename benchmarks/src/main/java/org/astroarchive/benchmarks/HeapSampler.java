package org.astroarchive.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Peak JVM heap of each service during a run, read twice a second from its Prometheus text at {@code /q/metrics}:
 * the sum of {@code jvm_memory_used_bytes{area="heap",...}} over the memory pools (Micrometer's JVM binder).
 */
final class HeapSampler implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> metricsUrls = new LinkedHashMap<>();
    private final Map<String, Long> peaks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** @param services name → base URL */
    HeapSampler(Map<String, String> services) {
        services.forEach((name, url) -> metricsUrls.put(name, url + "/q/metrics"));
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sampleAll, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Highest heap seen per service, in bytes; a service never read is absent. */
    Map<String, Long> peaks() {
        Map<String, Long> ordered = new LinkedHashMap<>();
        metricsUrls.keySet().forEach(name -> {
            if (peaks.containsKey(name)) {
                ordered.put(name, peaks.get(name));
            }
        });
        return ordered;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleAll() {
        metricsUrls.forEach((name, url) -> heapUsed(url).ifPresent(bytes -> peaks.merge(name, bytes, Math::max)));
    }

    private OptionalLong heapUsed(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? heapUsedIn(response.body()) : OptionalLong.empty();
        } catch (java.io.IOException e) {
            return OptionalLong.empty(); // a busy or stopping service: the next sample will do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Sum of the heap pools' {@code jvm_memory_used_bytes} in a Prometheus text exposition. */
    static OptionalLong heapUsedIn(String metrics) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                String[] parts = line.trim().split(" ");
                sum += Double.parseDouble(parts[parts.length - 1]);
                found = true;
            }
        }
        return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
    }
}

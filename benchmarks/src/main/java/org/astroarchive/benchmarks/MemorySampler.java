package org.astroarchive.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.astroarchive.testsupport.QuarkusApp;

/**
 * Peak memory of each service while a measured phase runs: JVM heap read twice a second from its Prometheus text at
 * {@code /q/metrics} (the sum of {@code jvm_memory_used_bytes{area="heap",...}} over the memory pools, Micrometer's
 * JVM binder), and resident set size from Linux {@code /proc/PID/status}. The RSS peak is the kernel's own high-water
 * mark {@code VmHWM}, reset when sampling starts (writing 5 to {@code /proc/PID/clear_refs}, Linux 4.0+), so that it
 * covers the measured phase only; where the reset is refused it is the highest {@code VmRSS} sampled.
 */
final class MemorySampler implements AutoCloseable {

    /** Highest heap and RSS of one service, in bytes; -1 where never read. */
    record Peak(long heapBytes, long rssBytes) {
        static final Peak UNKNOWN = new Peak(-1, -1);

        /** {@code 428 MB peak heap of -Xmx1g, 610 MB peak RSS}. */
        String describe(String xmx) {
            return (heapBytes < 0 ? "?" : heapBytes / 1_000_000 + " MB") + " peak heap of -Xmx" + xmx + ", "
                    + (rssBytes < 0 ? "?" : rssBytes / 1_000_000 + " MB") + " peak RSS";
        }

        static Peak max(Peak a, Peak b) {
            return new Peak(Math.max(a.heapBytes, b.heapBytes), Math.max(a.rssBytes, b.rssBytes));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<QuarkusApp> services;
    private final Map<String, Long> heapPeaks = new ConcurrentHashMap<>();
    private final Map<String, Long> rssPeaks = new ConcurrentHashMap<>();
    private final Set<String> highWaterReset = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "memory-sampler");
        thread.setDaemon(true);
        return thread;
    });

    MemorySampler(QuarkusApp... services) {
        this.services = List.of(services);
    }

    void start() {
        for (QuarkusApp service : services) {
            try {
                Files.writeString(Path.of("/proc", Long.toString(service.pid()), "clear_refs"), "5");
                highWaterReset.add(service.module());
            } catch (IOException | RuntimeException e) {
                // not allowed here: the sampled VmRSS has to do
            }
        }
        timer.scheduleWithFixedDelay(this::sampleAll, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** Peaks so far per service (module name), in the order given; a service never read has {@link Peak#UNKNOWN}. */
    Map<String, Peak> peaks() {
        Map<String, Peak> ordered = new LinkedHashMap<>();
        for (QuarkusApp service : services) {
            String name = service.module();
            long rss = rssPeaks.getOrDefault(name, -1L);
            if (highWaterReset.contains(name)) {
                rss = Math.max(rss, statusBytes(service.pid(), "VmHWM"));
            }
            ordered.put(name, new Peak(heapPeaks.getOrDefault(name, -1L), rss));
        }
        return ordered;
    }

    /** The peaks of one service. */
    Peak peak(QuarkusApp service) {
        return peaks().getOrDefault(service.module(), Peak.UNKNOWN);
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
        for (QuarkusApp service : services) {
            heapUsed(service.url() + "/q/metrics").ifPresent(bytes -> heapPeaks.merge(service.module(), bytes, Math::max));
            long rss = statusBytes(service.pid(), "VmRSS");
            if (rss >= 0) {
                rssPeaks.merge(service.module(), rss, Math::max);
            }
        }
    }

    private OptionalLong heapUsed(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? heapUsedIn(response.body()) : OptionalLong.empty();
        } catch (IOException e) {
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

    /** A {@code kB} field of a process's {@code /proc/PID/status} in bytes ({@code VmRSS}, {@code VmHWM}); -1 if unreadable. */
    static long statusBytes(long pid, String field) {
        try {
            return statusField(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return -1; // the process is gone
        }
    }

    /** {@code VmHWM:	  123456 kB} → 126418944; -1 if the field is absent. */
    static long statusField(String status, String field) {
        String prefix = field + ":";
        for (String line : status.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] parts = line.substring(prefix.length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return parts.length > 1 && parts[1].toLowerCase(Locale.ROOT).equals("kb") ? value * 1024 : value;
            }
        }
        return -1;
    }
}

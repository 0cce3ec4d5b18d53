package org.astroarchive.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own process, as the launcher
 * runs it, or its container image run by podman, as Kubernetes runs it, for tests across services.
 */
public final class QuarkusApp implements AutoCloseable {

    private final String module;
    private final int port;
    private final Process process;
    private final Path log;
    /** The podman container's name, or null for a plain process. */
    private final String container;

    private QuarkusApp(String module, int port, Process process, Path log, String container) {
        this.module = module;
        this.port = port;
        this.process = process;
        this.log = log;
        this.container = container;
    }

    /** Starts the module's jar with the given configuration (as system properties) and waits until it is ready. */
    public static QuarkusApp start(String module, Map<String, String> config) {
        try {
            return start(module, config, "384m", Files.createTempFile(module + "-", ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #start(String, Map)}, with the JVM heap ({@code -Xmx}) and the log file chosen by the caller. */
    public static QuarkusApp start(String module, Map<String, String> config, String heap, Path log) {
        Path jar = RepoLayout.serviceJar(module);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (mvn package)");
        }
        int port = LocalComponent.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dquarkus.http.port=" + port, "-Dquarkus.log.console.json.enabled=false"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        return launch(module, port, command, log, null, Duration.ofSeconds(90));
    }

    /** The image the build made for {@code module} (root pom, profile {@code images}). */
    public static String image(String module) {
        return "localhost/astroarchive/" + module + ":" + System.getProperty("archive.images.tag", "0.1.0-SNAPSHOT");
    }

    /**
     * Runs the module's container image with podman, on the host's network so that it reaches the loopback
     * components, configured as Kubernetes configures it: by environment variables (Quarkus maps
     * {@code archive.pg.host} to {@code ARCHIVE_PG_HOST}, the names the manifests use), the heap by
     * {@code JAVA_TOOL_OPTIONS}. Waits until it is ready.
     */
    public static QuarkusApp startImage(String module, Map<String, String> config) {
        int port = LocalComponent.freePort();
        String name = "archive-test-" + module + "-" + port;
        List<String> command = new ArrayList<>(List.of("podman",
                // runc: Debian's crun refuses this machine's hybrid cgroup hierarchy; the ulimits: podman raises
                // them by default, which needs CAP_SYS_RESOURCE, absent in sandboxes like CI's
                "--runtime", "runc", "run", "--rm", "--name", name, "--network", "host",
                "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096",
                "-e", "QUARKUS_HTTP_PORT=" + port, "-e", "QUARKUS_LOG_CONSOLE_JSON_ENABLED=false",
                "-e", "JAVA_TOOL_OPTIONS=-Xmx384m"));
        config.forEach((key, value) -> command.addAll(List.of("-e", environmentName(key) + "=" + value)));
        command.add(image(module));
        try {
            return launch(module, port, command, Files.createTempFile(module + "-image-", ".log"), name, Duration.ofSeconds(120));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static QuarkusApp launch(String module, int port, List<String> command, Path log, String container, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            QuarkusApp app = new QuarkusApp(module, port, process, log, container);
            app.awaitReady(timeout);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quarkus' environment variable for a configuration key: upper case, every other character an underscore. */
    static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String module() {
        return module;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    /** The last lines of the process's output, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The process's output so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash would; the process is gone when this returns. */
    public void kill() {
        if (container != null) {
            podman("kill", container);
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (container != null) {
            podman("stop", "--time", "20", container);
        }
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(module + " not ready within " + timeout + ":\n" + log());
    }

    private static void podman(String... arguments) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

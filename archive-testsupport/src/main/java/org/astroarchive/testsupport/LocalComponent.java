package org.astroarchive.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real infrastructure process (PostgreSQL, Redis, Kafka, S3 or Keycloak) in a private temporary folder on free
 * loopback ports. It is started and stopped by {@code deploy/local/component.sh}, the same script the local stack uses, so
 * tests run exactly what operators run.
 */
public final class LocalComponent implements AutoCloseable {

    /** The components {@code component.sh} knows. */
    public enum Kind { POSTGRES, REDIS, KAFKA, S3, KEYCLOAK }

    private final Kind kind;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    /** Started by whoever runs the tests for every test JVM ({@link #startedOutside}): never stopped or killed here. */
    private final boolean outside;
    /** Extra environment of component.sh, e.g. ARCHIVE_KEYCLOAK_PUBLIC_URL. */
    private final Map<String, String> environment;

    private LocalComponent(Kind kind, Path dir, int port, int controllerPort, boolean outside,
                           Map<String, String> environment) {
        this.kind = kind;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.outside = outside;
        this.environment = Map.copyOf(environment);
    }

    /** Starts a fresh instance; blocks until it answers. */
    public static LocalComponent start(Kind kind) {
        return start(kind, Map.of());
    }

    /** Starts a fresh instance with settings of component.sh's environment (see its header); blocks until it answers. */
    public static LocalComponent start(Kind kind, Map<String, String> environment) {
        try {
            Path dir = Files.createTempDirectory("archive-" + name(kind) + "-");
            LocalComponent component = new LocalComponent(kind, dir, freePort(), kind == Kind.KAFKA ? freePort() : 0,
                    false, environment);
            long started = System.nanoTime();
            component.run("start");
            // start-up times vary a lot with the machine's load (Keycloak: 15 s idle, minutes when busy)
            System.out.printf("%s ready on 127.0.0.1:%d after %.1f s%n", name(kind), component.port,
                    (System.nanoTime() - started) / 1e9);
            return component;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The instance started for every test JVM by {@code ./archive test} (one Keycloak instead of one per module), if
     * the environment names its folder in {@code ARCHIVE_TEST_<KIND>_DIR}; waits until its start has ended. The
     * starter runs {@code component.sh start} in the background and writes the exit code to {@code start.rc}.
     */
    static Optional<LocalComponent> startedOutside(Kind kind) {
        String folder = System.getenv("ARCHIVE_TEST_" + kind.name() + "_DIR");
        if (folder == null || folder.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(folder);
        Path rc = dir.resolve("start.rc");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        try {
            while (!Files.exists(rc) || Files.size(rc) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name(kind) + " of " + dir + " did not start in 300 s: " + startLog(dir));
                }
                Thread.sleep(200);
            }
            if (!Files.readString(rc).strip().equals("0")) {
                throw new IllegalStateException(name(kind) + " of " + dir + " failed to start: " + startLog(dir));
            }
            int port = Integer.parseInt(Files.readString(dir.resolve("port")).strip().split("\\s+")[0]);
            System.out.printf("%s of every test JVM on 127.0.0.1:%d (%s)%n", name(kind), port, dir);
            return Optional.of(new LocalComponent(kind, dir, port, 0, true, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name(kind), e);
        }
    }

    private static String startLog(Path dir) throws IOException {
        Path log = dir.resolve("start.log");
        return Files.exists(log) ? Files.readString(log) : "(no start.log)";
    }

    public Kind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** SIGKILL of the server and its children, as a crashed node; the data folder stays for {@link #restart()}. */
    public void kill() {
        refuseIfOutside("kill");
        run("kill");
    }

    /** Starts the server again on the same port and data folder (after {@link #kill()}); blocks until it answers. */
    public void restart() {
        refuseIfOutside("restart");
        long started = System.nanoTime();
        run("start");
        System.out.printf("%s restarted on 127.0.0.1:%d after %.1f s%n", name(kind), port,
                (System.nanoTime() - started) / 1e9);
    }

    /** Stops the process (it must leave nothing behind) and deletes its folder. */
    @Override
    public void close() {
        if (outside) {
            return; // its starter stops it once every test JVM is done
        }
        run("stop");
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a left-over temp folder is harmless; the process is what matters
        }
    }

    private void refuseIfOutside(String action) {
        if (outside) {
            throw new IllegalStateException("cannot " + action + " the " + name(kind) + " shared by every test JVM: "
                    + "start one of the test's own with LocalComponent.start");
        }
    }

    private void run(String action) {
        List<String> command = new ArrayList<>(List.of("bash", RepoLayout.componentScript().toString(),
                name(kind), action, "--dir", dir.toString(), "--port", Integer.toString(port)));
        if (controllerPort > 0) {
            command.addAll(List.of("--controller-port", Integer.toString(controllerPort)));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ARCHIVE_HOME", RepoLayout.archiveHome().toString());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(150, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(name(kind) + " " + action + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running component.sh " + action, e);
        }
    }

    static String name(Kind kind) {
        return kind.name().toLowerCase();
    }

    /** A port free at the time of the call; component.sh fails clearly if another process takes it meanwhile. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

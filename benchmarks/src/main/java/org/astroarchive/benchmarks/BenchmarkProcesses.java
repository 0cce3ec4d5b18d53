package org.astroarchive.benchmarks;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;

/**
 * The components and services one benchmark run started: stopped in reverse order at the end (also on Ctrl-C), or
 * left running with {@code --keep}, with the commands that stop them.
 */
final class BenchmarkProcesses {

    private final boolean keep;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final List<LocalComponent> components = new ArrayList<>();
    private final List<QuarkusApp> services = new ArrayList<>();

    BenchmarkProcesses(boolean keep) {
        this.keep = keep;
    }

    LocalComponent component(LocalComponent.Kind kind) {
        LocalComponent component = LocalComponent.start(kind);
        components.add(component);
        running.push(component);
        return component;
    }

    QuarkusApp service(String module, Map<String, String> config, String heap, Path logs) {
        QuarkusApp service = QuarkusApp.start(module, config, heap, logs.resolve(module + ".log"));
        services.add(service);
        running.push(service);
        return service;
    }

    /** Runs {@code action} at the end, before everything started earlier is stopped (e.g. deleting the work dir). */
    void atEnd(AutoCloseable action) {
        running.push(action);
    }

    /** Stops components or services before the end (e.g. the ingestion services once the data is loaded). */
    void stopNow(List<? extends AutoCloseable> done) throws Exception {
        for (AutoCloseable process : done) {
            running.remove(process);
            services.remove(process);
            components.remove(process);
            process.close();
        }
    }

    /** Stops services, then components, then deletes the temporary files; nothing with --keep. Runs once. */
    synchronized void stopAll() {
        if (keep) {
            running.clear();
            return;
        }
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("could not stop everything: " + e.getMessage());
            }
        }
    }

    String keptMessage(Path work) {
        StringBuilder out = new StringBuilder("\n--keep: still running; stop them with\n");
        for (QuarkusApp service : services) {
            out.append("  kill ").append(service.pid()).append("    # ").append(service.module()).append(' ')
                    .append(service.url()).append(", log ").append(service.logFile()).append('\n');
        }
        for (LocalComponent component : components) {
            out.append("  bash ").append(RepoLayout.componentScript()).append(' ')
                    .append(component.kind().name().toLowerCase(Locale.ROOT)).append(" stop --dir ").append(component.dir())
                    .append(" && rm -rf ").append(component.dir()).append("    # port ").append(component.port()).append('\n');
        }
        if (work != null) {
            out.append("  rm -rf ").append(work).append("    # generated files and logs\n");
        }
        return out.toString();
    }
}

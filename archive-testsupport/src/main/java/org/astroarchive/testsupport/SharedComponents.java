package org.astroarchive.testsupport;

import java.util.EnumMap;
import java.util.Map;

/**
 * One instance of each component per test JVM, started on first use and stopped when the JVM exits, so that
 * the test classes of a module share them instead of paying the start-up again. Tests isolate themselves by
 * using their own DIDs, topics or buckets. A component the test command started for every JVM
 * ({@code ARCHIVE_TEST_<KIND>_DIR}, see {@link LocalComponent#startedOutside}) is used instead of a new one.
 */
public final class SharedComponents {

    private static final Map<LocalComponent.Kind, LocalComponent> RUNNING = new EnumMap<>(LocalComponent.Kind.class);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedComponents::stopAll, "stop-test-components"));
    }

    private SharedComponents() {
    }

    public static synchronized LocalComponent get(LocalComponent.Kind kind) {
        return RUNNING.computeIfAbsent(kind, k -> LocalComponent.startedOutside(k).orElseGet(() -> LocalComponent.start(k)));
    }

    private static synchronized void stopAll() {
        RUNNING.values().forEach(component -> {
            try {
                component.close();
            } catch (RuntimeException e) {
                System.err.println("could not stop " + component.kind() + ": " + e.getMessage());
            }
        });
        RUNNING.clear();
    }
}

package org.astroarchive.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.function.Function;

/**
 * Gives a {@code @QuarkusTest} a real component and the configuration keys to reach it. The component is shared
 * by the test classes of the JVM and stopped when the JVM exits (see {@link SharedComponents}).
 */
public abstract class ComponentResource implements QuarkusTestResourceLifecycleManager {

    private final LocalComponent.Kind kind;
    private final Function<LocalComponent, Map<String, String>> config;

    protected ComponentResource(LocalComponent.Kind kind, Function<LocalComponent, Map<String, String>> config) {
        this.kind = kind;
        this.config = config;
    }

    @Override
    public Map<String, String> start() {
        return config.apply(SharedComponents.get(kind));
    }

    @Override
    public void stop() {
        // shared: stopped at JVM exit
    }
}

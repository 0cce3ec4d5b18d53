package org.astroarchive.tap;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.astroarchive.tap.config.TapConfig;

/** A TapConfig for unit tests answering only the given keys; any other key fails loudly, so none is read unseen. */
public final class TestTapConfig {

    private TestTapConfig() {
    }

    public static TapConfig of(Map<String, Object> values) {
        return (TapConfig) Proxy.newProxyInstance(TapConfig.class.getClassLoader(), new Class<?>[] {TapConfig.class},
                (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        // a key the test did not give: the code under test reads more than the test knows
                        throw new AssertionError("the test gives no value for TapConfig." + method.getName());
                    }
                    return values.get(method.getName());
                });
    }
}

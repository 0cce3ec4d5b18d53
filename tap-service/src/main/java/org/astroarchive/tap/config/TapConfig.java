package org.astroarchive.tap.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** TAP service settings ({@code tap.*}); the limits are advertised in the capabilities (TAPRegExt). */
@ConfigMapping(prefix = "tap")
public interface TapConfig {

    /** Rows returned when the request gives no MAXREC (TAP 1.1 §2.7.4). */
    @WithDefault("10000")
    long maxrecDefault();

    /** Largest MAXREC honoured; larger requests are capped and flagged OVERFLOW. */
    @WithDefault("10000000")
    long maxrecLimit();

    /** Longest a synchronous query may run before the database cancels it. */
    @WithDefault("PT60S")
    Duration syncTimeout();
}

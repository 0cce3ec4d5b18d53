package org.astroarchive.metadata.config;

import io.smallrye.config.ConfigMapping;

/** Metadata service settings ({@code metadata.*}). */
@ConfigMapping(prefix = "metadata")
public interface MetadataConfig {

    /** IVOA naming authority of this archive: publisher DIDs are {@code ivo://<authority>/<collection>?<scope:name>}. */
    String authority();

    /** Public base URL (the gateway), used to build access URLs users can follow. */
    String publicUrl();

    /** How long a file version may stay incomplete in staging before it is reported and dropped. */
    @io.smallrye.config.WithDefault("24h")
    java.time.Duration stagingRetention();

    /** How often staging is swept for abandoned file versions. */
    @io.smallrye.config.WithDefault("15m")
    java.time.Duration stagingSweepEvery();

    /** Riding out database outages in the Kafka consumers. */
    Retry retry();

    interface Retry {
        /** How long a consumer retries a write that fails for a reason other than its input before giving up. */
        @io.smallrye.config.WithDefault("2m")
        java.time.Duration maxWait();
    }
}

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

    /** Copying row batches into their tables as they arrive ({@code StreamedFiles}). */
    Streaming streaming();

    interface Streaming {
        /** File versions open at once, each holding a JDBC connection; more go through staging. */
        @io.smallrye.config.WithDefault("3")
        int maxOpenFiles();

        /** Batches kept in memory (characters of COPY text) by all open files; a file that would pass it is staged. */
        @io.smallrye.config.WithDefault("256M")
        io.quarkus.runtime.configuration.MemorySize maxMemory();

        /** An open file that receives nothing for this long goes to staging, and frees its connection. */
        @io.smallrye.config.WithDefault("30s")
        java.time.Duration idle();
    }

    /** Riding out database outages in the Kafka consumers. */
    Retry retry();

    interface Retry {
        /** How long a consumer retries a write that fails for a reason other than its input before giving up. */
        @io.smallrye.config.WithDefault("2m")
        java.time.Duration maxWait();
    }
}

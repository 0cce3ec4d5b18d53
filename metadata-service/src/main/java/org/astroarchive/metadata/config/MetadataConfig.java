package org.astroarchive.metadata.config;

import io.smallrye.config.ConfigMapping;

/** Metadata service settings ({@code metadata.*}). */
@ConfigMapping(prefix = "metadata")
public interface MetadataConfig {

    /** IVOA naming authority of this archive: publisher DIDs are {@code ivo://<authority>/<collection>?<scope:name>}. */
    String authority();

    /** Public base URL (the gateway), used to build access URLs users can follow. */
    String publicUrl();
}

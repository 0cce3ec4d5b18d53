package org.astroarchive.metadata.config;

import io.smallrye.config.ConfigMapping;

/** Settings shared by the archive's services ({@code archive.*}). */
@ConfigMapping(prefix = "archive")
public interface MetadataConfig {

    /** IVOA naming authority of this archive: publisher DIDs are {@code ivo://<authority>/<collection>?<scope:name>}. */
    String authority();

    /** Public base URL (the gateway), used to build access URLs users can follow. */
    String publicUrl();
}

package org.astroarchive.cutmerge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Cut &amp; Merge settings ({@code cutmerge.*}). */
@ConfigMapping(prefix = "cutmerge")
public interface CutMergeConfig {

    /**
     * IVOA naming authority of this archive, as metadata-service writes it into row identifiers
     * ({@code ivo://<authority>/<schema.table>?<key>}); must equal {@code metadata.authority}.
     */
    @WithDefault("astroarchive.example")
    String authority();

    /** Bucket the readiness check looks at (the importer's storage element). */
    @WithDefault("rse-local")
    String bucket();

    /** Bucket of cached results, created on first use; objects are named by the request hash. */
    @WithDefault("cutmerge-cache")
    String cacheBucket();

    /** Whether results are looked up in, and stored into, {@link #cacheBucket()}. */
    @WithDefault("true")
    boolean cacheEnabled();

    /**
     * Most rows one request may produce, counting the sources added by the transit correction; more is a 413.
     * Larger selections need asynchronous jobs (not implemented).
     */
    @WithDefault("10000")
    int maxRows();

    /**
     * Rows of key datasets kept in the in-memory row index cache (about 12 bytes a row for integer keys), summed
     * over the cached files; the least recently used file is evicted first.
     */
    @WithDefault("5000000")
    long indexCacheRows();

    /** Local copies of progenitor and dataset files ({@code cutmerge.progenitor-cache.*}). */
    ProgenitorCache progenitorCache();

    /** SODA cutouts ({@code cutmerge.soda.*}). */
    Soda soda();

    /** Fermi LAT event selection ({@code cutmerge.fermi.*}). */
    Fermi fermi();

    /** Quick-look PNGs of images, the DataLink {@code #preview} links ({@code cutmerge.preview.*}). */
    Preview preview();

    interface ProgenitorCache {
        /**
         * Directory of the local copies, named by md5; one per process. Default: {@code cutmerge-progenitors} in
         * {@code java.io.tmpdir}.
         */
        Optional<String> dir();

        /** Most bytes of local copies kept; the least recently used file not being read is deleted first. */
        @WithDefault("2147483648")
        long maxBytes();
    }

    interface Soda {
        /**
         * Most bytes of pixels one cutout may hold (before FITS headers and padding); more is a 413. The pixels
         * are held in memory while the cutout is written.
         */
        @WithDefault("268435456")
        long maxBytes();
    }

    interface Fermi {
        /** Most events one selection may return; more is a 413. The selected rows are held in memory. */
        @WithDefault("2000000")
        int maxEvents();
    }

    interface Preview {
        /** Largest SIZE (pixels on the long side) a preview may be asked for; more is a UsageFault. */
        @WithDefault("2048")
        int maxSize();
    }
}

package org.astroarchive.cutmerge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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
     * Most rows one synchronous request may produce, counting the sources added by the transit correction; more is
     * a 413 pointing at the asynchronous endpoint ({@link Async#maxRows()}).
     */
    @WithDefault("10000")
    int maxRows();

    /**
     * Rows of key datasets kept in the in-memory row index cache (about 12 bytes a row for integer keys), summed
     * over the cached files; the least recently used file is evicted first.
     */
    @WithDefault("5000000")
    long indexCacheRows();

    /** Asynchronous Cut &amp; Merge jobs, UWS 1.1 ({@code cutmerge.async.*}). */
    Async async();

    /** Local copies of progenitor and dataset files ({@code cutmerge.progenitor-cache.*}). */
    ProgenitorCache progenitorCache();

    /** SODA cutouts ({@code cutmerge.soda.*}). */
    Soda soda();

    /** Fermi LAT event selection ({@code cutmerge.fermi.*}). */
    Fermi fermi();

    /** Quick-look PNGs of images, the DataLink {@code #preview} links ({@code cutmerge.preview.*}). */
    Preview preview();

    interface Async {
        /** Most rows one job may produce (the transit correction included); the result is built in memory. */
        @WithDefault("100000")
        int maxRows();

        /** Jobs executed at once by one instance; more wait QUEUED. */
        @WithDefault("2")
        int threads();

        /** UWS 1.1 §2.2.3.3: a job and its result link are destroyed this long after creation. */
        @WithDefault("P7D")
        Duration lifetime();

        /** UWS 1.1 §2.2.3.2 executionDuration: a job still executing after this long is aborted (ERROR). */
        @WithDefault("PT1H")
        Duration executionDuration();

        /** The longest blocking WAIT (UWS 1.1 §2.2.1.1); longer or negative WAITs are cut to this. */
        @WithDefault("PT60S")
        Duration maxWait();

        /** A job whose instance has not beaten its heartbeat for this long is failed by another instance. */
        @WithDefault("PT30S")
        Duration orphanAfter();

        /** How often each instance beats its jobs' heartbeat, fails orphans and deletes expired jobs. */
        @WithDefault("PT5S")
        Duration sweepEvery();
    }

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

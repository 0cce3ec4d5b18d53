package org.astroarchive.importer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Importer settings ({@code importer.*}). */
@ConfigMapping(prefix = "importer")
public interface ImporterConfig {

    /** Name of the storage element (Rucio RSE) files are written to. */
    @WithDefault("LOCAL_S3")
    String rse();

    /** S3 bucket of that storage element. */
    @WithDefault("rse-local")
    String bucket();

    /** Bucket where rejected files are kept with their reason, so nothing sent to us is lost. */
    @WithDefault("quarantine")
    String quarantineBucket();

    /** Collections accepted, each described by {@code collections/<name>.json}. */
    @WithDefault("images")
    java.util.List<String> collections();

    /**
     * Identity-provider group whose members may upload files and change collection descriptions (issue 6); everyone
     * else may only read the descriptions.
     */
    @WithDefault("archive-operators")
    String operatorsGroup();

    /** Local folder where uploads are spooled while checksums are computed. */
    Path spoolDir();

    /**
     * Further storage elements every file is copied to and checked on ({@code importer.replicas.<RSE>.*}), each on
     * the primary S3 endpoint or on an S3 server of its own; none by default.
     */
    java.util.Map<String, ReplicaStore> replicas();

    interface ReplicaStore {
        /** The RSE's bucket, created when missing. */
        String bucket();

        /**
         * URL of the RSE's own S3 server (e.g. {@code https://s3.rse2.example.org}, {@code http://127.0.0.1:9100});
         * the primary endpoint ({@code archive.s3.*}) when absent.
         */
        java.util.Optional<String> endpoint();

        /** Credentials on that server; the primary endpoint's ({@code archive.s3.access-key/secret-key}) when absent. */
        java.util.Optional<String> accessKey();

        java.util.Optional<String> secretKey();
    }

    /** The watched inbox folder ({@code importer.inbox.*}). */
    Inbox inbox();

    interface Inbox {
        /** Folder of {@code <collection>/<file>} to ingest; no inbox when unset. */
        java.util.Optional<Path> dir();

        /** Pause between two scans; a file must keep its size for one pause before it is taken. */
        @WithDefault("2s")
        java.time.Duration scanEvery();
    }
}

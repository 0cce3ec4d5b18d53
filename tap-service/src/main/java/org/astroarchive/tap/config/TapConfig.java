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

    /** S3 bucket holding the results of async jobs. */
    @WithDefault("tap-results")
    String resultsBucket();

    /** Execution duration given to new async jobs (UWS 1.1 §2.2.3.5); also the most a job may ask for. */
    @WithDefault("PT1H")
    Duration asyncExecutionDuration();

    /** How long a job and its result are kept after creation (its destruction time). */
    @WithDefault("P7D")
    Duration jobLifetime();

    /** Longest blocking WAIT honoured (UWS 1.1 §2.2.1.1); WAIT=-1 means this. */
    @WithDefault("PT60S")
    Duration maxWait();

    /**
     * How often a blocking WAIT re-reads its job without being told of a change. Phase changes wake waiters at once
     * (in-process, and through PostgreSQL notifications from other instances); this only bounds the delay when a
     * notification is lost, e.g. while the listening connection is reopened.
     */
    @WithDefault("PT1S")
    Duration waitRecheck();

    /** Async jobs executed at once by one instance; further jobs wait QUEUED. */
    @WithDefault("4")
    int asyncThreads();

    /** Silence after which an executing job's instance counts as dead and another instance fails the job. */
    @WithDefault("PT30S")
    Duration orphanAfter();

    /** How often each instance looks for dead instances' jobs and expired jobs. */
    @WithDefault("10s")
    String sweepEvery();

    /** Largest table upload accepted, in rows (TAPRegExt uploadLimit). */
    @WithDefault("1000000")
    long uploadMaxRows();

    /**
     * Whether uploads by URL may point at loopback, private or link-local addresses. Off in production: otherwise a
     * query could make the service fetch from inside the cluster (server-side request forgery).
     */
    @WithDefault("false")
    boolean uploadAllowPrivateUrls();

    /** Longest an upload by URL may take to download. */
    @WithDefault("PT60S")
    Duration uploadFetchTimeout();

    /** Longest ADQL text accepted, in characters; longer queries are answered 413. */
    @WithDefault("100000")
    int maxQueryLength();

    /** Largest table upload accepted, in bytes of VOTable. */
    @WithDefault("100000000")
    long uploadMaxBytes();

    /**
     * Whether the {@code access_url} of rows with DataLink links is written in the seed form
     * {@code .../datalink?id=<selection>&clientId=<client>}, backed by selections in Redis; off: the rows' persistent
     * form {@code .../datalink?ID=ivo://...} is kept as stored.
     */
    @WithDefault("true")
    boolean datalinkSelections();

    /** How long the selections of a result stay resolvable; afterwards DataLink answers NotFoundFault. */
    @WithDefault("P7D")
    Duration selectionTtl();
}

package org.astroarchive.tap.datalink;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Whether Redis answers, shared by the results of one instance: a PING only when Redis has not answered (a PING or a
 * stored batch) for a while (a second in the service), instead of one per result. After a failure the next result
 * asks again.
 */
final class RedisHealth {

    private static final Logger LOG = Logger.getLogger(RedisHealth.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final Redis redis;
    private final long freshNanos;
    private final AtomicLong probes = new AtomicLong();
    /** System.nanoTime() of the last answer; valid only while {@link #answeredOnce}. */
    private volatile long answeredAt;
    private volatile boolean answeredOnce;

    RedisHealth(Redis redis, Duration fresh) {
        this.redis = redis;
        this.freshNanos = fresh.toNanos();
    }

    /** True if Redis answered lately or answers a PING now. */
    boolean answers() {
        if (answeredOnce && System.nanoTime() - answeredAt < freshNanos) {
            return true;
        }
        probes.incrementAndGet();
        try {
            redis.send(Request.cmd(Command.PING)).await().atMost(PROBE_TIMEOUT);
            answered();
            return true;
        } catch (RuntimeException e) {
            answeredOnce = false;
            LOG.warnf("Redis does not answer (%s): this result keeps the rows' persistent DataLink URLs", e.getMessage());
            return false;
        }
    }

    /** Redis has just answered (e.g. stored a batch). */
    void answered() {
        answeredAt = System.nanoTime();
        answeredOnce = true;
    }

    /** PINGs sent so far (for tests). */
    long probes() {
        return probes.get();
    }
}

package org.astroarchive.metadata.messaging;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import org.astroarchive.metadata.config.MetadataConfig;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.jboss.logging.Logger;

/**
 * Rides out a database outage (PostgreSQL restarting, a failover, a dropped connection) without failing the Kafka
 * channel: a failure that is not the input's fault is retried with back-off for up to {@code metadata.retry.max-wait}.
 * Retrying is safe because every write is one transaction and idempotent (staging by DID, md5 and batch; publishing
 * by DID). Only when the outage lasts longer does the failure reach the channel, which stops without committing
 * (health DOWN, the orchestrator restarts the service).
 */
@ApplicationScoped
public class DatabaseRetry {

    private static final Logger LOG = Logger.getLogger(DatabaseRetry.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(250);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    /** A blocking database operation. */
    public interface Operation {
        void run() throws SQLException;
    }

    private final Duration maxWait;

    @jakarta.inject.Inject
    public DatabaseRetry(MetadataConfig config) {
        this(config.retry().maxWait());
    }

    DatabaseRetry(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /** Runs {@code operation}, again while it fails transiently and {@code max-wait} has not passed. */
    public void run(String what, Operation operation) throws SQLException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Duration wait = FIRST_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                operation.run();
                if (attempt > 1) {
                    LOG.infof("%s stored after %d attempts", what, attempt);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                if (!isTransient(e) || System.nanoTime() + wait.toNanos() > deadline) {
                    throw e;
                }
                LOG.warnf("%s: the database failed (%s); trying again in %d ms", what, e.getMessage(), wait.toMillis());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
        }
    }

    /** The same for a reactive operation: resubscribed with back-off while it fails transiently. */
    public <T> Uni<T> retry(Uni<T> operation) {
        return operation.onFailure(DatabaseRetry::isTransient).retry()
                .withBackOff(FIRST_WAIT, LONGEST_WAIT).expireIn(System.currentTimeMillis() + maxWait.toMillis());
    }

    /**
     * Transient unless the input is at fault: invalid metadata, or SQLSTATE class 22 (data exception), 23 (integrity
     * constraint) or 42 (syntax error or access rule: an unknown table or column), which would fail every time.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof InvalidMetadataException || e instanceof IllegalArgumentException) {
                return false;
            }
            String state = e instanceof SQLException sql ? sql.getSQLState()
                    : e instanceof PgException pg ? pg.getSqlState() : null;
            if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
                return false;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return true;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the database", e);
        }
    }
}

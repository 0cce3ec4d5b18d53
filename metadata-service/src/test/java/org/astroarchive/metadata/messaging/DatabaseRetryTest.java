package org.astroarchive.metadata.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.junit.jupiter.api.Test;

/** Fast checks of the retry rules; IngestionFaultIT kills a real PostgreSQL under a running ingestion. */
class DatabaseRetryTest {

    private final DatabaseRetry retry = new DatabaseRetry(Duration.ofSeconds(3));

    @Test
    void aLostConnectionIsRetriedUntilTheDatabaseIsBack() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        retry.run("test", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            }
        });
        assertThat(attempts).hasValue(3);
    }

    @Test
    void theInputsFaultIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("test", () -> {
            attempts.incrementAndGet();
            throw new SQLException("invalid input syntax for type double precision", "22P02");
        })).isInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(1);
        assertThat(DatabaseRetry.isTransient(new IllegalStateException(new InvalidMetadataException("no such column")))).isFalse();
        assertThat(DatabaseRetry.isTransient(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(DatabaseRetry.isTransient(new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
    }

    @Test
    void anOutageLongerThanMaxWaitReachesTheCaller() {
        DatabaseRetry brief = new DatabaseRetry(Duration.ofMillis(600));
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        assertThatThrownBy(() -> brief.run("test", () -> {
            attempts.incrementAndGet();
            throw new SQLException("Connection refused", "08001");
        })).hasMessage("Connection refused");
        assertThat(attempts.get()).isBetween(2, 4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aReactiveOperationIsResubscribedWhileTheDatabaseIsAway() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> store = Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("Connection refused");
            }
            return "stored";
        });
        assertThat(retry.retry(store).await().atMost(Duration.ofSeconds(5))).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }
}

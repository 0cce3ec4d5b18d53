package org.astroarchive.metadata.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import java.time.Instant;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.metadata.repository.RowStore;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ingest.rows.v1} and the announcements of row files. A file version that can never be stored
 * (inconsistent batches, a value PostgreSQL refuses, a table of another shape) is reported on the dead-letter topic
 * and its staged batches dropped, so none of its rows become visible; any other failure (the database away) is retried
 * ({@link DatabaseRetry}), and only if it lasts fails the channel without committing: consumption resumes from the last
 * committed offset after a restart.
 */
@ApplicationScoped
public class RowIngestionConsumer {

    private static final Logger LOG = Logger.getLogger(RowIngestionConsumer.class);

    private final RowStore store;
    private final DatabaseRetry retry;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;

    public RowIngestionConsumer(RowStore store, DatabaseRetry retry,
                                @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.store = store;
        this.retry = retry;
        this.deadLetters = deadLetters;
    }

    @Incoming("ingest-rows")
    @Blocking
    public void stage(ConsumerRecord<String, StagedBatch> record) throws SQLException {
        StagedBatch batch = record.value();
        if (batch == null) {
            unreadable(deadLetters, record);
            return;
        }
        try {
            retry.run("batch of " + batch.did(), () -> store.stage(batch));
        } catch (InvalidMetadataException | IllegalArgumentException | SQLException e) {
            reject(batch.did(), batch.md5(), null, e);
        }
    }

    /** Called for files whose rows came as batches. */
    public void announce(FileIngested event) throws SQLException {
        try {
            retry.run(event.did(), () -> store.announce(event));
        } catch (InvalidMetadataException | IllegalArgumentException | SQLException e) {
            reject(event.did(), event.md5(), event.collection(), e);
        }
    }

    private void reject(String did, String md5, String collection, Exception e) throws SQLException {
        if (e instanceof SQLException sql && !isDataError(sql)) {
            throw sql;
        }
        LOG.warnf("rejected %s (md5 %s): %s", did, md5, e.getMessage());
        retry.run("discarding " + did, () -> store.discard(did, md5));
        deadLetters.sendAndAwait(Record.of(did, new DeadLetter(did, collection, "metadata-service",
                e.getMessage(), Instant.now())));
    }

    /**
     * A record that is not a readable version-1 record (fail-on-deserialization-failure=false leaves its value null):
     * reported with its key, partition and offset, and skipped, so one bad record does not stop ingestion.
     */
    static void unreadable(MutinyEmitter<Record<String, DeadLetter>> deadLetters, ConsumerRecord<String, ?> record) {
        Header header = record.headers().lastHeader("deserialization-failure-reason");
        String reason = "unreadable record on " + record.topic() + "-" + record.partition() + " at offset " + record.offset()
                + (header == null ? "" : ": " + new String(header.value(), StandardCharsets.UTF_8));
        String key = record.key() == null ? record.topic() + "-" + record.partition() + "@" + record.offset() : record.key();
        LOG.warnf("dead-lettering %s: %s", key, reason);
        deadLetters.sendAndAwait(Record.of(key, new DeadLetter(key, null, "metadata-service", reason, Instant.now())));
    }

    /** SQLSTATE classes 22 (data exception), 23 (integrity) and 42 (undefined column and the like): the input's fault. */
    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"));
    }
}

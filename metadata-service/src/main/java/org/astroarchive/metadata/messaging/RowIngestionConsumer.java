package org.astroarchive.metadata.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.metadata.repository.RowStore;
import org.astroarchive.metadata.repository.StreamedFiles;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code ingest.rows.v1} and the announcements of row files. A batch is copied into its table at once when
 * its file can be streamed ({@link StreamedFiles}), and staged otherwise ({@link RowStore}); either way the file's rows
 * become visible together, and a batch's record is acknowledged only once it is safe in PostgreSQL. A file version that
 * can never be stored (inconsistent batches, a value PostgreSQL refuses, a table of another shape) is reported on the
 * dead-letter topic and none of its rows become visible; any other failure (the database away) is retried
 * ({@link DatabaseRetry}), and only if it lasts fails the channel without committing: consumption resumes from the
 * last committed offset after a restart.
 */
@ApplicationScoped
public class RowIngestionConsumer {

    private static final Logger LOG = Logger.getLogger(RowIngestionConsumer.class);

    private final RowStore store;
    private final StreamedFiles streams;
    private final DatabaseRetry retry;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;

    public RowIngestionConsumer(RowStore store, StreamedFiles streams, DatabaseRetry retry,
                                @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.store = store;
        this.streams = streams;
        this.retry = retry;
        this.deadLetters = deadLetters;
    }

    /** One batch at a time, in partition order, off the event loop; acknowledged when stored (manually: see above). */
    @Incoming("ingest-rows")
    public Uni<Void> take(Message<StagedBatch> message) {
        return Uni.createFrom().<Void>item(() -> {
            try {
                take(message.getPayload(), message);
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store a row batch: " + e.getMessage(), e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private void take(StagedBatch batch, Message<StagedBatch> message) throws SQLException {
        Runnable ack = message::ack;
        if (batch == null) {
            IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            unreadable(deadLetters, record.getTopic(), record.getPartition(), record.getOffset(),
                    record.getKey() == null ? null : record.getKey().toString(), record.getHeaders());
            ack.run();
            return;
        }
        if (streams.offer(batch, ack)) {
            return;
        }
        try {
            retry.run("batch of " + batch.did(), () -> store.stage(batch));
        } catch (InvalidMetadataException | IllegalArgumentException | SQLException e) {
            streams.reject(batch.did(), batch.md5(), null, e);
        }
        ack.run();
    }

    /** Called for files whose rows came as batches. */
    public void announce(FileIngested event) throws SQLException {
        try {
            retry.run(event.did(), () -> store.recordAnnouncement(event));
            if (!streams.announce(event)) {
                retry.run(event.did(), () -> store.publishStaged(event));
            }
        } catch (InvalidMetadataException | IllegalArgumentException | SQLException e) {
            streams.reject(event.did(), event.md5(), event.collection(), e);
        }
    }

    /**
     * A record that is not a readable version-1 record (fail-on-deserialization-failure=false leaves its value null):
     * reported with its key, partition and offset, and skipped, so one bad record does not stop ingestion.
     */
    static void unreadable(MutinyEmitter<Record<String, DeadLetter>> deadLetters, ConsumerRecord<String, ?> record) {
        unreadable(deadLetters, record.topic(), record.partition(), record.offset(), record.key(), record.headers());
    }

    private static void unreadable(MutinyEmitter<Record<String, DeadLetter>> deadLetters, String topic, int partition,
                                   long offset, String recordKey, Headers headers) {
        Header header = headers.lastHeader("deserialization-failure-reason");
        String reason = "unreadable record on " + topic + "-" + partition + " at offset " + offset
                + (header == null ? "" : ": " + new String(header.value(), StandardCharsets.UTF_8));
        String key = recordKey == null ? topic + "-" + partition + "@" + offset : recordKey;
        LOG.warnf("dead-lettering %s: %s", key, reason);
        deadLetters.sendAndAwait(Record.of(key, new DeadLetter(key, null, "metadata-service", reason, Instant.now())));
    }
}

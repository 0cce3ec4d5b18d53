package org.astroarchive.metadata.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.time.Instant;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.metadata.service.FileCatalog;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Persists each {@link FileIngested}. A record whose content can never be stored goes to the dead-letter topic with
 * the reason (and is acknowledged, so ingestion goes on); any other failure is retried while the database is away
 * ({@link DatabaseRetry}), and fails the channel without committing only if that lasts.
 */
@ApplicationScoped
public class FileIngestedConsumer {

    private static final Logger LOG = Logger.getLogger(FileIngestedConsumer.class);

    private final FileCatalog catalog;
    private final RowIngestionConsumer rows;
    private final DatabaseRetry retry;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;

    public FileIngestedConsumer(FileCatalog catalog, RowIngestionConsumer rows, DatabaseRetry retry,
                                @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.catalog = catalog;
        this.rows = rows;
        this.retry = retry;
        this.deadLetters = deadLetters;
    }

    @Incoming("ingest-files")
    public Uni<Void> persist(ConsumerRecord<String, FileIngested> record) {
        FileIngested event = record.value();
        if (event == null) {
            return Uni.createFrom().<Void>item(() -> {
                RowIngestionConsumer.unreadable(deadLetters, record);
                return null;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        if (!event.tables().isEmpty()) {
            // rows came as batches on ingest.rows.v1: JDBC COPY, off the event loop
            return Uni.createFrom().<Void>item(() -> {
                try {
                    rows.announce(event);
                    return null;
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot store " + event.did() + ": " + e.getMessage(), e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return retry.retry(Uni.createFrom().deferred(() -> catalog.store(event)))
                .onFailure(e -> e instanceof InvalidMetadataException || e instanceof IllegalArgumentException).recoverWithUni(e -> {
                    LOG.warnf("rejected %s: %s", event.did(), e.getMessage());
                    return deadLetters.send(Record.of(event.did(), new DeadLetter(event.did(), event.collection(),
                            "metadata-service", e.getMessage(), Instant.now())));
                });
    }
}

package org.astroarchive.importer.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.RowBatch;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes ingestion records, keyed by DID, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class IngestEvents {

    /** Row batches in flight at once: enough to keep the broker busy, bounded so memory stays small. */
    private static final int ROW_BATCHES_IN_FLIGHT = 32;

    private final MutinyEmitter<Record<String, FileIngested>> files;
    private final MutinyEmitter<Record<String, RowBatch>> rows;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;

    public IngestEvents(@Channel("ingest-files") MutinyEmitter<Record<String, FileIngested>> files,
                        @Channel("ingest-rows") MutinyEmitter<Record<String, RowBatch>> rows,
                        @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.files = files;
        this.rows = rows;
        this.deadLetters = deadLetters;
    }

    public void fileIngested(FileIngested event) {
        files.sendAndAwait(Record.of(event.did(), event));
    }

    public void rejected(DeadLetter letter) {
        deadLetters.sendAndAwait(Record.of(letter.source(), letter));
    }

    /** Sends one file's row batches in order; {@link #await()} returns once the broker has acknowledged all. */
    public RowPublisher rowPublisher() {
        return new RowPublisher();
    }

    public final class RowPublisher {
        private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

        public void send(RowBatch batch) throws IOException {
            if (inFlight.size() >= ROW_BATCHES_IN_FLIGHT) {
                join(inFlight.removeFirst());
            }
            inFlight.addLast(rows.send(Record.of(batch.did(), batch)).subscribeAsCompletionStage());
        }

        public void await() throws IOException {
            while (!inFlight.isEmpty()) {
                join(inFlight.removeFirst());
            }
        }

        private static void join(CompletableFuture<Void> sent) throws IOException {
            try {
                sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while publishing row batches");
            } catch (ExecutionException e) {
                throw new IOException("Kafka did not accept a row batch: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}

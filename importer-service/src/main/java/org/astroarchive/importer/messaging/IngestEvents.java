package org.astroarchive.importer.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.FileIngested;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes ingestion records, keyed by DID, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class IngestEvents {

    private final MutinyEmitter<Record<String, FileIngested>> files;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;

    public IngestEvents(@Channel("ingest-files") MutinyEmitter<Record<String, FileIngested>> files,
                        @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.files = files;
        this.deadLetters = deadLetters;
    }

    public void fileIngested(FileIngested event) {
        files.sendAndAwait(Record.of(event.did(), event));
    }

    public void rejected(DeadLetter letter) {
        deadLetters.sendAndAwait(Record.of(letter.source(), letter));
    }
}

package org.astroarchive.importer.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the importer has done and is doing, reported like a control-system device: state ON (idle, healthy),
 * RUNNING (files in progress) or FAULT (the last attempt failed for want of storage or Kafka; cleared by the next
 * success). Exposed by {@code GET /api/status}, the readiness check and Prometheus
 * ({@code archive_importer_files_total{outcome}}, {@code archive_importer_rows_total},
 * {@code archive_importer_bytes_total}, {@code archive_importer_files_in_progress}).
 */
@ApplicationScoped
public class IngestProgress {

    public enum State { ON, RUNNING, FAULT }

    /** A snapshot for the status API. */
    public record Status(State state, int inProgress, long filesIngested, long filesRejected, long filesFailed,
                         long rowsPublished, long bytesStored, double rowsPerSecondLastFile, String lastError,
                         Instant lastErrorAt, Instant startedAt) {
    }

    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicLong ingested = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Double> lastRate = new AtomicReference<>(0.0);
    private final AtomicReference<String> fault = new AtomicReference<>();
    private final AtomicReference<Instant> faultAt = new AtomicReference<>();
    private final Instant startedAt = Instant.now();
    private final Counter ingestedCounter;
    private final Counter rejectedCounter;
    private final Counter failedCounter;
    private final Counter rowsCounter;
    private final Counter bytesCounter;

    public IngestProgress(MeterRegistry registry) {
        ingestedCounter = Counter.builder("archive.importer.files").tag("outcome", "ingested").register(registry);
        rejectedCounter = Counter.builder("archive.importer.files").tag("outcome", "rejected").register(registry);
        failedCounter = Counter.builder("archive.importer.files").tag("outcome", "failed").register(registry);
        rowsCounter = Counter.builder("archive.importer.rows").description("table rows published").register(registry);
        bytesCounter = Counter.builder("archive.importer.bytes").description("file bytes stored").register(registry);
        registry.gauge("archive.importer.files.in.progress", inProgress);
    }

    /** Call when a file starts; returns its start time in nanoseconds. */
    public long started() {
        inProgress.incrementAndGet();
        return System.nanoTime();
    }

    public void ingested(long startNanos, long fileBytes, long tableRows) {
        inProgress.decrementAndGet();
        ingested.incrementAndGet();
        ingestedCounter.increment();
        bytes.addAndGet(fileBytes);
        bytesCounter.increment(fileBytes);
        rows.addAndGet(tableRows);
        rowsCounter.increment(tableRows);
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        lastRate.set(tableRows / seconds);
        fault.set(null);
    }

    /** The file itself was refused: the importer is fine. */
    public void rejected() {
        inProgress.decrementAndGet();
        rejected.incrementAndGet();
        rejectedCounter.increment();
    }

    /** Storage, Kafka or the local disk failed: the importer is in FAULT until a file gets through. */
    public void failed(String reason) {
        inProgress.decrementAndGet();
        failed.incrementAndGet();
        failedCounter.increment();
        fault.set(reason);
        faultAt.set(Instant.now());
    }

    public State state() {
        if (fault.get() != null) {
            return State.FAULT;
        }
        return inProgress.get() > 0 ? State.RUNNING : State.ON;
    }

    public Status status() {
        return new Status(state(), inProgress.get(), ingested.get(), rejected.get(), failed.get(), rows.get(), bytes.get(),
                lastRate.get(), fault.get(), faultAt.get(), startedAt);
    }
}

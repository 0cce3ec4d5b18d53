package org.astroarchive.metadata.repository;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.metadata.config.MetadataConfig;
import org.astroarchive.metadata.messaging.DatabaseRetry;
import org.astroarchive.metadata.messaging.StagedBatch;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows copied into their table while their batches arrive: one open transaction per file version, committed once
 * the last batch and the file's announcement are in. Readers never see a partial file (MVCC), the rows are written
 * once, and nothing is left to do after the last batch but the commit. A batch's Kafka record is acknowledged only
 * after that commit, so a crash makes Kafka deliver the file's batches again.
 *
 * <p>An open file holds no lock: its version is the catalogue's next one when it opens, and the DID's lock is taken
 * only to commit. The batches also stay in memory until the commit, so that the file can move to staging
 * ({@link RowStore}) whenever streaming cannot go on: the database failed under it, it sat idle for
 * {@code metadata.streaming.idle} (its importer died, or its announcement is late), open files would hold more than
 * {@code metadata.streaming.max-memory}, or another version of the DID was published meanwhile. Staging also takes
 * what is never streamed: files whose table does not exist yet (it is created when staging publishes), files beyond
 * {@code metadata.streaming.max-open-files}, and batches without a {@link RowBatch.Header}.
 */
@ApplicationScoped
public class StreamedFiles {

    private static final Logger LOG = Logger.getLogger(StreamedFiles.class);

    private final AgroalDataSource dataSource;
    private final RowStore store;
    private final TableRegistry tables;
    private final DatabaseRetry retry;
    private final MetadataConfig.Streaming config;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;
    private final Map<String, OpenFile> open = new ConcurrentHashMap<>();
    /** What {@link #begin} answers for a file version that is already published. */
    private final OpenFile alreadyPublished = new OpenFile();
    private final AtomicLong heldChars = new AtomicLong();
    private final AtomicInteger heldBatches = new AtomicInteger();
    /**
     * File versions rejected while open, with their first table: the rest of their batches are dropped rather than
     * staged for nothing. Batch 0 of that table starts the file afresh (it was sent again).
     */
    private final Map<String, String> rejected = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 1000;
        }
    });

    public StreamedFiles(AgroalDataSource dataSource, RowStore store, TableRegistry tables, DatabaseRetry retry,
                         MetadataConfig config, MeterRegistry metrics,
                         @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.dataSource = dataSource;
        this.store = store;
        this.tables = tables;
        this.retry = retry;
        this.config = config.streaming();
        this.deadLetters = deadLetters;
        Gauge.builder("archive.ingest.open.files", this, StreamedFiles::openFiles)
                .description("File versions whose rows are being copied as they arrive, not yet committed").register(metrics);
        Gauge.builder("archive.ingest.held.batches", this, StreamedFiles::heldBatches)
                .description("Row batches copied into open files, kept in memory until their commit").register(metrics);
    }

    /**
     * Takes a batch if its file version is streamed, or starts streaming it. From then on this class acknowledges the
     * batch ({@code ack}), rejects the file version if it cannot be stored, or stages it.
     *
     * @return false if the caller must stage the batch (and acknowledge it) itself
     * @throws SQLException only if the database stays away longer than {@code metadata.retry.max-wait}
     */
    public boolean offer(StagedBatch batch, Runnable ack) throws SQLException {
        String key = key(batch.did(), batch.md5());
        OpenFile file = open.get(key);
        if (file == null) {
            String rejectedAt = rejected.get(key);
            if (rejectedAt != null) {
                if (batch.batch() != 0 || !batch.table().equals(rejectedAt)) {
                    ack.run();
                    return true;
                }
                rejected.remove(key);
            }
            RowBatch.Header header = batch.header();
            if (header == null || batch.batch() != 0 || open.size() >= config.maxOpenFiles()
                    || heldChars.get() + (long) batch.copyText().length() * header.content().batchCount()
                    > config.maxMemory().asLongValue()) {
                return false;
            }
            try {
                file = begin(batch);
            } catch (InvalidMetadataException e) {
                rejected.put(key, batch.table());
                reject(batch.did(), batch.md5(), header.collection(), e);
                ack.run();
                return true;
            }
            if (file == null) {
                return false;
            }
            if (file == alreadyPublished) {
                ack.run();
                return true;
            }
        }
        return file.append(batch, ack);
    }

    /**
     * Hands a file's announcement to its open file, which commits if all its batches are in. Call it after the
     * announcement is recorded in {@code archive.pending_files} ({@link RowStore#recordAnnouncement}): a file that
     * opens later reads it from there.
     *
     * @return false if the file version is not streamed here (the caller publishes it from staging)
     */
    public boolean announce(FileIngested event) throws SQLException {
        OpenFile file = open.get(key(event.did(), event.md5()));
        return file != null && file.announce(event);
    }

    /** Moves the files that have been idle longer than {@code metadata.streaming.idle} to staging. */
    public int sweepIdle() throws SQLException {
        long before = System.nanoTime() - config.idle().toNanos();
        int moved = 0;
        for (OpenFile file : List.copyOf(open.values())) {
            if (file.lastSeen < before && file.toStaging("idle for more than " + config.idle())) {
                moved++;
            }
        }
        return moved;
    }

    /** Open file versions. */
    public int openFiles() {
        return open.size();
    }

    /** Batches copied into open files, waiting for their commit (kept in memory until then). */
    public int heldBatches() {
        return heldBatches.get(); // a counter: a metrics scrape must not wait for a file committing
    }

    /**
     * Reports a file version that can never be stored on the dead-letter topic and drops what is staged for it. A
     * database failure (not the input's fault) is thrown back instead.
     */
    public void reject(String did, String md5, String collection, Exception e) throws SQLException {
        if (e instanceof SQLException sql && DatabaseRetry.isTransient(sql)) {
            throw sql;
        }
        LOG.warnf("rejected %s (md5 %s): %s", did, md5, e.getMessage());
        retry.run("discarding " + did, () -> store.discard(did, md5));
        deadLetters.sendAndAwait(Record.of(did, new DeadLetter(did, collection, "metadata-service",
                e.getMessage(), Instant.now())));
    }

    void stop(@Observes ShutdownEvent event) {
        // rolled back; the records were not acknowledged, so Kafka delivers them again after the restart
        for (OpenFile file : List.copyOf(open.values())) {
            file.close();
        }
    }

    /** Opens a file at its first batch; null if it must go through staging. */
    private OpenFile begin(StagedBatch batch) throws SQLException {
        String key = key(batch.did(), batch.md5());
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            if (RowStore.published(connection, batch.did(), batch.md5())) {
                connection.rollback();
                connection.close();
                return alreadyPublished;
            }
            if (store.anyStaged(connection, batch.did(), batch.md5()) || !tables.ready(connection, batch.header().content())) {
                connection.rollback();
                connection.close();
                return null;
            }
            OpenFile file = new OpenFile(key, batch, connection, currentVersion(connection, batch.did()) + 1);
            open.put(key, file);
            // after registering: an announcement recorded before this read is found here, a later one finds the file
            store.pendingEvent(connection, batch.did(), batch.md5()).ifPresent(event -> file.event = event);
            return file;
        } catch (SQLException | RuntimeException e) {
            open.remove(key);
            closeQuietly(connection);
            if (e instanceof InvalidMetadataException invalid) {
                throw invalid;
            }
            LOG.warnf("%s: not streamed (%s); staging it", batch.did(), e.getMessage());
            return null;
        }
    }

    private static int currentVersion(Connection connection, String did) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT file_version FROM archive.files WHERE did = ?")) {
            query.setString(1, did);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static String key(String did, String md5) {
        return did + "\n" + md5;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is gone: so is its transaction
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // idem
        }
    }

    /** Batches and rows received for one table of an open file. */
    private static final class Progress {
        final BitSet batches = new BitSet();
        final List<String> columns;
        long rows;

        Progress(List<String> columns) {
            this.columns = columns;
        }
    }

    /** One file version being copied; every method runs under its monitor. */
    private final class OpenFile {

        final String key;
        final Did did;
        final String didText;
        final String md5;
        final String collection;
        final String rse;
        final String firstTable;
        final Connection connection;
        final int version;
        final Map<String, Progress> progress = new LinkedHashMap<>();
        final List<StagedBatch> held = new ArrayList<>();
        /** Acknowledgements of every record taken, repeats included: none may be committed before the file. */
        final List<Runnable> acks = new ArrayList<>();
        long chars;
        CopyIn copy;
        String copyTable;
        byte[] fileColumns;
        FileIngested event;
        volatile long lastSeen = System.nanoTime();
        boolean closed;

        private OpenFile() {
            key = null;
            did = null;
            didText = null;
            md5 = null;
            collection = null;
            rse = null;
            firstTable = null;
            connection = null;
            version = 0;
            closed = true;
        }

        OpenFile(String key, StagedBatch first, Connection connection, int version) {
            this.key = key;
            this.didText = first.did();
            this.did = Did.parse(first.did());
            this.md5 = first.md5();
            this.collection = first.header().collection();
            this.rse = first.header().rse();
            this.firstTable = first.table();
            this.connection = connection;
            this.version = version;
        }

        synchronized boolean append(StagedBatch batch, Runnable ack) throws SQLException {
            if (closed) {
                return false;
            }
            lastSeen = System.nanoTime();
            Progress table = progress.get(batch.table());
            acks.add(ack);
            if (table != null && table.batches.get(batch.batch())) {
                return true; // the same batch again (redelivered, or the file sent twice at once): its rows are in
            }
            held.add(batch);
            heldBatches.incrementAndGet();
            chars += batch.copyText().length();
            heldChars.addAndGet(batch.copyText().length());
            try {
                if (!batch.table().equals(copyTable)) {
                    if (table != null || batch.batch() != 0 || batch.header() == null
                            || !tables.ready(connection, batch.header().content())) {
                        return toStaging("a table that cannot be copied as it arrives (" + batch.table() + ")");
                    }
                    endCopy();
                    copy = connection.unwrap(PGConnection.class).getCopyAPI()
                            .copyIn("COPY " + batch.table() + " (" + RowStore.copyColumns(batch.columns()) + ") FROM STDIN");
                    copyTable = batch.table();
                    fileColumns = RowStore.fileColumns(did, rse, md5, version, batch.header().content().keyName());
                    table = new Progress(batch.columns());
                    progress.put(batch.table(), table);
                }
                if (!table.columns.equals(batch.columns())) {
                    throw new InvalidMetadataException(didText + ": batch " + batch.batch() + " of " + batch.table()
                            + " has columns " + batch.columns() + ", batch 0 had " + table.columns);
                }
                RowStore.copyLines(copy, batch.copyText().getBytes(StandardCharsets.UTF_8), fileColumns);
                table.batches.set(batch.batch());
                table.rows += batch.rowCount();
                if (heldChars.get() > config.maxMemory().asLongValue()) {
                    return toStaging("open files hold more than " + config.maxMemory().asLongValue() + " characters");
                }
                commitIfComplete();
            } catch (SQLException | InvalidMetadataException e) {
                failed(e);
            }
            return true;
        }

        synchronized boolean announce(FileIngested announced) throws SQLException {
            if (closed) {
                return false;
            }
            event = announced;
            try {
                commitIfComplete();
            } catch (SQLException | InvalidMetadataException e) {
                failed(e);
            }
            return true;
        }

        /** Commits once every announced batch is in; rows that disagree with the announcement reject the file. */
        private void commitIfComplete() throws SQLException {
            if (event == null) {
                return;
            }
            for (TableContent table : event.tables()) {
                Progress received = progress.get(table.table());
                if (received == null || received.batches.cardinality() < table.batchCount()) {
                    return;
                }
            }
            for (TableContent table : event.tables()) {
                long rows = progress.get(table.table()).rows;
                if (rows != table.rowCount()) {
                    throw new InvalidMetadataException(didText + ": " + table.table() + " announced " + table.rowCount()
                            + " rows but its " + table.batchCount() + " batches hold " + rows);
                }
            }
            for (String table : progress.keySet()) {
                if (event.tables().stream().noneMatch(t -> t.table().equals(table))) {
                    throw new InvalidMetadataException(didText + ": rows for " + table + ", which the announcement "
                            + "does not list (" + event.tables().stream().map(TableContent::table).toList() + ")");
                }
            }
            endCopy();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, didText);
                lock.execute();
            }
            if (RowStore.published(connection, didText, md5)) {
                LOG.infof("%s (md5 %s) was published meanwhile; its copy here is dropped", didText, md5);
                finish();
                return;
            }
            int recorded = store.recordFile(connection, event);
            if (recorded != version) {
                toStaging("another version was published while this one was open as version " + version);
                return;
            }
            store.deleteRows(connection, event.collection(), did, version);
            RowStore.discardStaged(connection, didText, md5);
            connection.commit();
            long rows = progress.values().stream().mapToLong(p -> p.rows).sum();
            LOG.infof("published %s version %d: %d rows in %s, copied as they arrived", didText, version, rows,
                    progress.keySet());
            finish();
        }

        /** Staging takes over: the batches received so far are staged (with retries), then acknowledged. */
        synchronized boolean toStaging(String reason) throws SQLException {
            if (closed) {
                return false;
            }
            release();
            LOG.infof("%s (md5 %s): %s; staging its %d batch(es)", didText, md5, reason, held.size());
            try {
                for (StagedBatch batch : held) {
                    retry.run("batch of " + didText, () -> store.stage(batch));
                }
            } catch (InvalidMetadataException | IllegalArgumentException | SQLException e) {
                rejected.put(key, firstTable);
                reject(didText, md5, collection, e);
            }
            acks.forEach(Runnable::run);
            return true;
        }

        /** A failure while copying or committing: the input's fault rejects the file, any other stages it. */
        private void failed(Exception e) throws SQLException {
            if (e instanceof SQLException sql && DatabaseRetry.isTransient(sql)) {
                toStaging("the database failed (" + e.getMessage() + ")");
                return;
            }
            release();
            rejected.put(key, firstTable);
            reject(didText, md5, collection, e);
            acks.forEach(Runnable::run);
        }

        /** Committed or found published elsewhere: the records are done with. */
        private void finish() {
            release();
            acks.forEach(Runnable::run);
        }

        /** Shutting down: rolled back, nothing acknowledged. */
        synchronized void close() {
            release();
        }

        private void release() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(key, this);
            heldChars.addAndGet(-chars);
            heldBatches.addAndGet(-held.size());
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException | RuntimeException ignored) {
                    // the transaction is rolled back below anyway
                }
            }
            closeQuietly(connection);
        }

        private void endCopy() throws SQLException {
            if (copy != null && copy.isActive()) {
                copy.endCopy();
            }
        }
    }
}

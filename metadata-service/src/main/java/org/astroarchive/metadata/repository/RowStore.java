package org.astroarchive.metadata.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.metadata.messaging.StagedBatch;
import org.astroarchive.metadata.service.InvalidMetadataException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.jboss.logging.Logger;

/**
 * Exactly-once row ingestion over at-least-once Kafka delivery, for the files {@link StreamedFiles} does not copy as
 * they arrive. Batches are staged (idempotently, by
 * DID + md5 + table + batch number); when the last batch or the file's announcement arrives, one transaction creates
 * the tables if needed, bumps the file's version, deletes the file's previous rows and COPYs the new ones. Every step
 * of one DID runs under a transaction-scoped advisory lock, so the two topics' consumers never race.
 *
 * <p>JDBC rather than the reactive client: COPY FROM STDIN, the fastest way into PostgreSQL, is only in pgjdbc.
 */
@ApplicationScoped
public class RowStore {

    private static final Logger LOG = Logger.getLogger(RowStore.class);

    /** The same upsert as the single-row path, in JDBC's placeholder syntax ($1..$10 are in order). */
    private static final String UPSERT_FILE = CatalogRepository.UPSERT_FILE.replaceAll("\\$\\d+", "?");

    private final AgroalDataSource dataSource;
    private final TableRegistry tables;
    private final ObjectMapper json;

    public RowStore(AgroalDataSource dataSource, TableRegistry tables, ObjectMapper json) {
        this.dataSource = dataSource;
        this.tables = tables;
        this.json = json;
    }

    /** What a call changed, for logs and metrics. */
    public record Outcome(boolean published, long rows, int fileVersion) {
        static final Outcome WAITING = new Outcome(false, 0, 0);
    }

    /** Stages one batch; publishes the file if it completes it. A batch of a file already published is ignored. */
    public Outcome stage(StagedBatch batch) throws SQLException {
        inTransaction(batch.did(), connection -> {
            if (published(connection, batch.did(), batch.md5())) {
                return Outcome.WAITING;
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO archive.staged_batches (did, md5, target_table, batch, batch_count, first_row, row_count, columns, copy_text)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                insert.setString(1, batch.did());
                insert.setString(2, batch.md5());
                insert.setString(3, batch.table());
                insert.setInt(4, batch.batch());
                insert.setInt(5, batch.batchCount());
                insert.setLong(6, batch.firstRow());
                insert.setInt(7, batch.rowCount());
                insert.setArray(8, connection.createArrayOf("text", batch.columns().toArray()));
                insert.setString(9, batch.copyText());
                insert.executeUpdate();
            }
            return Outcome.WAITING;
        });
        // committed first: publishing reads the staged batches through a second connection (see copy)
        return inTransaction(batch.did(), connection -> tryPublish(connection, batch.did(), batch.md5()));
    }

    /** Records the file's announcement in {@code archive.pending_files}, unless the file version is published. */
    public void recordAnnouncement(FileIngested event) throws SQLException {
        inTransaction(event.did(), connection -> {
            if (published(connection, event.did(), event.md5())) {
                return Outcome.WAITING;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO archive.pending_files (did, md5, event) VALUES (?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                insert.setString(1, event.did());
                insert.setString(2, event.md5());
                insert.setString(3, json.writeValueAsString(event));
                insert.executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return Outcome.WAITING;
        });
    }

    /** Publishes the announced file version if all its batches are staged. */
    public Outcome publishStaged(FileIngested event) throws SQLException {
        return inTransaction(event.did(), connection -> tryPublish(connection, event.did(), event.md5()));
    }

    /** Drops what was staged for a file version that can never be published (its reason went to the dead letters). */
    public void discard(String did, String md5) throws SQLException {
        inTransaction(did, connection -> {
            discardStaged(connection, did, md5);
            return Outcome.WAITING;
        });
    }

    /** A file version whose batches or announcement stopped arriving. */
    public record Abandoned(String did, String md5, long batches, long announcements, java.time.Instant lastSeen) {
    }

    /** File versions staged but untouched for longer than {@code retention}: their sender gave up or died. */
    public List<Abandoned> abandoned(java.time.Duration retention) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT did, md5, sum(batches), sum(announcements), max(seen) FROM (
                         SELECT did, md5, count(*) AS batches, 0 AS announcements, max(staged_at) AS seen
                         FROM archive.staged_batches GROUP BY did, md5
                         UNION ALL
                         SELECT did, md5, 0, 1, received_at FROM archive.pending_files) AS staged
                     GROUP BY did, md5 HAVING max(seen) < now() - make_interval(secs => ?)""")) {
            query.setDouble(1, retention.toMillis() / 1000.0);
            try (ResultSet rs = query.executeQuery()) {
                List<Abandoned> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(new Abandoned(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getTimestamp(5).toInstant()));
                }
                return found;
            }
        }
    }

    private Outcome tryPublish(Connection connection, String did, String md5) throws SQLException {
        Optional<FileIngested> pending = pendingEvent(connection, did, md5);
        if (pending.isEmpty()) {
            return Outcome.WAITING;
        }
        FileIngested event = pending.get();
        for (TableContent table : event.tables()) {
            long[] staged = stagedCount(connection, did, md5, table.table());
            if (staged[0] < table.batchCount()) {
                return Outcome.WAITING;
            }
            if (staged[1] != table.rowCount()) {
                throw new InvalidMetadataException(did + ": " + table.table() + " announced " + table.rowCount()
                        + " rows but its " + table.batchCount() + " batches hold " + staged[1]);
            }
        }
        return publish(connection, event);
    }

    private Outcome publish(Connection connection, FileIngested event) throws SQLException {
        for (TableContent table : event.tables()) {
            tables.ensure(connection, event.collection(), table);
        }
        Did did = Did.parse(event.did());
        int version = recordFile(connection, event);
        long rows = 0;
        if (version > 0) {
            deleteRows(connection, event.collection(), did, 0);
            for (TableContent table : event.tables()) {
                rows += copy(connection, event, did, version, table);
            }
            LOG.infof("published %s version %d: %d rows in %s", event.did(), version, rows,
                    event.tables().stream().map(TableContent::table).toList());
        }
        discardStaged(connection, event.did(), event.md5());
        return new Outcome(version > 0, rows, version);
    }

    /**
     * Upserts the file's catalogue entry and replicas; returns its new version (1, or the previous + 1), or 0 if the
     * catalogue already holds this md5 for the DID.
     */
    int recordFile(Connection connection, FileIngested event) throws SQLException {
        Did did = Did.parse(event.did());
        int version;
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_FILE)) {
            upsert.setString(1, event.did());
            upsert.setString(2, did.scope());
            upsert.setString(3, did.name());
            upsert.setString(4, event.collection());
            upsert.setLong(5, event.bytes());
            upsert.setString(6, event.adler32());
            upsert.setString(7, event.md5());
            upsert.setString(8, event.contentType());
            org.postgresql.util.PGobject metadata = new org.postgresql.util.PGobject();
            metadata.setType("jsonb");
            metadata.setValue(json.writeValueAsString(event.metadata()));
            upsert.setObject(9, metadata);
            upsert.setTimestamp(10, Timestamp.from(event.ingestedAt()));
            try (ResultSet rs = upsert.executeQuery()) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (version > 0) {
            try (PreparedStatement replica = connection.prepareStatement("""
                    INSERT INTO archive.replicas (did, rse, bucket, object_key, endpoint) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (did, rse) DO UPDATE SET bucket = EXCLUDED.bucket, object_key = EXCLUDED.object_key,
                        endpoint = EXCLUDED.endpoint""")) {
                for (org.astroarchive.contracts.Replica copy : event.copies()) {
                    replica.setString(1, event.did());
                    replica.setString(2, copy.rse());
                    replica.setString(3, copy.bucket());
                    replica.setString(4, copy.objectKey());
                    replica.setString(5, copy.endpoint());
                    replica.addBatch();
                }
                replica.executeBatch();
            }
        }
        return version;
    }

    /** Deletes the DID's rows from every table of the collection, except those of version {@code keep} (0: none). */
    void deleteRows(Connection connection, String collection, Did did, int keep) throws SQLException {
        for (String table : tables.tablesOf(connection, collection)) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE did_name = ? AND did_scope = ? AND file_version <> ?")) {
                delete.setString(1, did.name());
                delete.setString(2, did.scope());
                delete.setInt(3, keep);
                delete.executeUpdate();
            }
        }
    }

    /** The COPY column list of a table's batches: the data columns, then {@link TableRegistry#FILE_COLUMNS}. */
    static String copyColumns(List<String> dataColumns) {
        List<String> columns = new ArrayList<>(dataColumns);
        TableRegistry.FILE_COLUMNS.forEach(c -> columns.add(c.name()));
        return String.join(", ", columns);
    }

    /** The file columns' values, in COPY text, appended to each line of a batch. */
    static byte[] fileColumns(Did did, String rse, String md5, int version, String keyName) {
        String name = did.name();
        int dot = name.lastIndexOf('.');
        return ("\t" + String.join("\t", copyText(name), copyText(dot > 0 ? name.substring(dot + 1) : ""),
                copyText(did.scope()), copyText(name), copyText(rse), md5, Integer.toString(version),
                copyText(keyName == null ? "" : keyName)) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes a batch's lines to {@code copy}, each followed by {@code fileColumns}. */
    static void copyLines(CopyIn copy, byte[] text, byte[] fileColumns) throws SQLException {
        int start = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                copy.writeToCopy(text, start, i - start);
                copy.writeToCopy(fileColumns, 0, fileColumns.length);
                start = i + 1;
            }
        }
    }

    /**
     * COPYs the staged batches in order, appending the file reference columns to each line. A connection in COPY
     * mode runs no other statement, so the batches (committed earlier, and not changing while the DID's lock is
     * held) are read through a second connection, one at a time.
     */
    private long copy(Connection connection, FileIngested event, Did did, int version, TableContent table) throws SQLException {
        byte[] suffix = fileColumns(did, event.rse(), event.md5(), version, table.keyName());
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table.table() + " ("
                + copyColumns(table.columns().stream().map(c -> c.name()).toList()) + ") FROM STDIN");
        try (Connection reader = dataSource.getConnection();
             PreparedStatement query = reader.prepareStatement("""
                SELECT copy_text FROM archive.staged_batches WHERE did = ? AND md5 = ? AND target_table = ? ORDER BY batch""")) {
            reader.setAutoCommit(false); // a cursor: one batch in memory at a time
            query.setFetchSize(1);
            query.setString(1, event.did());
            query.setString(2, event.md5());
            query.setString(3, table.table());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    copyLines(copy, rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8), suffix);
                }
            }
            reader.rollback();
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static String copyText(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static void discardStaged(Connection connection, String did, String md5) throws SQLException {
        for (String table : List.of("archive.staged_batches", "archive.pending_files")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE did = ? AND md5 = ?")) {
                delete.setString(1, did);
                delete.setString(2, md5);
                delete.executeUpdate();
            }
        }
    }

    Optional<FileIngested> pendingEvent(Connection connection, String did, String md5) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT event::text FROM archive.pending_files WHERE did = ? AND md5 = ?")) {
            query.setString(1, did);
            query.setString(2, md5);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(json.readValue(rs.getString(1), FileIngested.class)) : Optional.empty();
            } catch (IOException e) {
                throw new IllegalStateException("unreadable pending event of " + did, e);
            }
        }
    }

    /** Whether any batch of this file version is staged: then all of its batches go through staging. */
    boolean anyStaged(Connection connection, String did, String md5) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM archive.staged_batches WHERE did = ? AND md5 = ? LIMIT 1")) {
            query.setString(1, did);
            query.setString(2, md5);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** {batches, rows} staged for one file version and table. */
    private static long[] stagedCount(Connection connection, String did, String md5, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*), coalesce(sum(row_count), 0) FROM archive.staged_batches
                WHERE did = ? AND md5 = ? AND target_table = ?""")) {
            query.setString(1, did);
            query.setString(2, md5);
            query.setString(3, table);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    static boolean published(Connection connection, String did, String md5) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM archive.files WHERE did = ? AND md5 = ?")) {
            query.setString(1, did);
            query.setString(2, md5);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        Outcome run(Connection connection) throws SQLException;
    }

    private Outcome inTransaction(String did, Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, did);
                    lock.execute();
                }
                Outcome outcome = work.run(connection);
                connection.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}

package org.astroarchive.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The baseline: the rows the pipeline ingested, exported to a local COPY text file and loaded back with
 * {@code COPY ... FROM STDIN} from this client through pgjdbc, as a bulk loader would, into a copy of the
 * pipeline's table. Nothing of the archive (HDF5 reading, Kafka, staging) is in it, only PostgreSQL's own work.
 *
 * <p>The copy is {@code LIKE <table> INCLUDING ALL}: the same columns, NOT NULLs, the same indexes (B-trees and the
 * GiST position index) and the same generated {@code access_url}, computed during the COPY exactly as in the
 * pipeline's COPY. Only the non-generated columns are exported and loaded; PostgreSQL computes the rest.
 */
final class CopyBaseline {

    /** One timed COPY. */
    record Load(String target, long rows, long bytes, double seconds, double postgresCpu, double otherCpu) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final Connection connection;
    private final Path workDir;
    private final ProcessCpu cpu;

    /** @param cpu watches "postgresql" and this benchmark's other processes, for the CPU each load took */
    CopyBaseline(Connection connection, Path workDir, ProcessCpu cpu) {
        this.connection = connection;
        this.workDir = workDir;
        this.cpu = cpu;
    }

    /** Writes the non-generated columns of {@code table}'s rows of DID scope {@code scope} to a local COPY text file. */
    Path export(String table, String scope) throws SQLException, IOException {
        Path file = workDir.resolve(table + ".copy");
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            copy.copyOut("COPY (SELECT " + String.join(", ", loadedColumns(table)) + " FROM " + table
                    + " WHERE did_scope = '" + scope.replace("'", "''") + "') TO STDOUT", out);
        }
        return file;
    }

    /** Which of the source table's indexes the COPY target gets. */
    enum Indexes {
        /** all of them: the baseline */
        ALL("_indexed"),
        /** all but the GiST position index, to tell how much of the COPY that one costs */
        BTREE_ONLY("_btree"),
        /** none */
        NONE("_noindex");

        final String suffix;

        Indexes(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * Creates {@code bench.<name>_indexed}, {@code _btree} or {@code _noindex}, empty, then times the COPY of
     * {@code file} into it, commit included.
     */
    Load load(String table, Path file, Indexes indexes) throws SQLException, IOException {
        String target = "bench." + table.substring(table.indexOf('.') + 1) + indexes.suffix;
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS bench");
            ddl.execute("DROP TABLE IF EXISTS " + target);
            ddl.execute("CREATE TABLE " + target + " (LIKE " + table + (indexes != Indexes.NONE ? " INCLUDING ALL)"
                    : " INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS)"));
            if (indexes == Indexes.BTREE_ONLY) {
                for (String gist : indexesOf(target, "gist")) {
                    ddl.execute("DROP INDEX bench." + gist);
                }
            }
            // the load starts with clean shared buffers, as the pipeline's did (IngestionBenchmark checkpoints too)
            ddl.execute("CHECKPOINT");
        }
        String sql = "COPY " + target + " (" + String.join(", ", loadedColumns(table)) + ") FROM STDIN";
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        Map<String, Double> cpuBefore = cpu.sample();
        double machineBefore = ProcessCpu.machineBusySeconds();
        long start = System.nanoTime();
        long rows;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            rows = copy.copyIn(sql, in, 1 << 16);
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> used = ProcessCpu.between(cpuBefore, cpu.sample());
        double ours = ProcessCpu.total(used);
        return new Load(target, rows, Files.size(file), seconds, used.getOrDefault("postgresql", Double.NaN),
                ProcessCpu.machineBusySeconds() - machineBefore - ours);
    }

    /** Drops what {@link #load} created. */
    void dropAll() throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS bench CASCADE");
        }
    }

    private List<String> indexesOf(String table, String method) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam
                WHERE x.indrelid = ?::regclass AND a.amname = ?""")) {
            query.setString(1, table);
            query.setString(2, method);
            try (ResultSet rs = query.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    private List<String> loadedColumns(String table) throws SQLException {
        String[] name = table.split("\\.", 2);
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = ? AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position""")) {
            query.setString(1, name[0]);
            query.setString(2, name[1]);
            try (ResultSet rs = query.executeQuery()) {
                List<String> columns = new ArrayList<>();
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
                if (columns.isEmpty()) {
                    throw new IllegalStateException(table + " does not exist or has no columns");
                }
                return columns;
            }
        }
    }
}

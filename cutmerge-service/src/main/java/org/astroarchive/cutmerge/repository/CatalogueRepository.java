package org.astroarchive.cutmerge.repository;

import org.astroarchive.contracts.catalogue.RowTable;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Reads (SELECT only) what metadata-service writes: {@code archive.collection_tables} for the row tables and their
 * link columns, the row tables, {@code archive.files}, {@code archive.replicas} and {@code ivoa.obscore}.
 *
 * <p>A table that does not exist reads as absent, never as an error; any other database failure is a
 * {@link CatalogueUnavailableException}.
 */
@ApplicationScoped
public class CatalogueRepository {

    private static final Logger LOG = Logger.getLogger(CatalogueRepository.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    /** undefined_table, undefined_column, invalid_schema_name: something not created yet. */
    private static final Set<String> MISSING = Set.of("42P01", "42703", "3F000");

    private final AgroalDataSource dataSource;
    /** Tables never change shape once created (metadata-service's TableRegistry), so their description is cached. */
    private final Map<String, RowTable> rowTables = new ConcurrentHashMap<>();

    public CatalogueRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The row table {@code table} if it exists and has a usable link column; empty otherwise. */
    public Optional<RowTable> rowTable(String table) {
        if (!TABLE.matcher(table).matches()) {
            return Optional.empty();
        }
        RowTable cached = rowTables.get(table);
        if (cached != null) {
            return Optional.of(cached);
        }
        // Cut & Merge also needs key_name: where in the file the rows are
        Optional<RowTable> found = query(RowTable.DESCRIBE, statement -> {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return RowTable.from(table, rs).filter(t -> t.hasColumn("key_name")).orElse(null);
            }
        });
        found.ifPresent(t -> rowTables.put(table, t));
        return found;
    }

    /**
     * The rows whose link column is one of {@code keys}, by key, with their file and the {@code columns} asked for
     * (columns the table lacks are skipped). Of several rows with the same key the newest file version wins; keys
     * no row has are absent from the answer.
     */
    public Map<Object, CatalogueRow> rows(RowTable table, Collection<Object> keys, List<String> columns) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> wanted = columns.stream().filter(table::hasColumn).filter(c -> IDENTIFIER.matcher(c).matches())
                .distinct().toList();
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ON (").append(table.linkColumn()).append(") ")
                .append(table.linkColumn()).append(", did_scope, did_name, did_rse, key_name");
        wanted.forEach(c -> sql.append(", ").append(c));
        sql.append(" FROM ").append(table.name()).append(" WHERE ").append(table.linkColumn())
                .append(" = ANY(?) ORDER BY ").append(table.linkColumn()).append(", file_version DESC");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            Array array = table.integerKey()
                    ? connection.createArrayOf("bigint", keys.stream().map(k -> (Long) k).toArray(Long[]::new))
                    : connection.createArrayOf("text", keys.stream().map(String::valueOf).toArray(String[]::new));
            statement.setArray(1, array);
            Map<Object, CatalogueRow> rows = new HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Object key = table.integerKey() ? (Object) rs.getLong(1) : rs.getString(1);
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int i = 0; i < wanted.size(); i++) {
                        values.put(wanted.get(i), rs.getObject(6 + i));
                    }
                    rows.put(key, new CatalogueRow(key, rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), values));
                }
            }
            return rows;
        } catch (SQLException e) {
            if (MISSING.contains(e.getSQLState())) {
                rowTables.remove(table.name());
                return Map.of();
            }
            throw unavailable(e);
        }
    }

    /**
     * The catalogue entry of a file and its replicas on the S3 endpoint this service reads, ordered by RSE name
     * (a replica on an S3 server of its own, {@code archive.replicas.endpoint}, is not reachable from here).
     */
    public Optional<StoredFile> file(String did) {
        return query("""
                SELECT f.did, f.bytes, f.md5, r.rse, r.bucket, r.object_key
                FROM archive.files f LEFT JOIN archive.replicas r ON r.did = f.did AND r.endpoint IS NULL
                WHERE f.did = ? ORDER BY r.rse""", statement -> {
            statement.setString(1, did);
            try (ResultSet rs = statement.executeQuery()) {
                String md5 = null;
                long bytes = 0;
                List<StoredFile.Replica> replicas = new ArrayList<>();
                while (rs.next()) {
                    md5 = rs.getString(3).trim();
                    bytes = rs.getLong(2);
                    if (rs.getString(4) != null) {
                        replicas.add(new StoredFile.Replica(rs.getString(4), rs.getString(5), rs.getString(6)));
                    }
                }
                return md5 == null ? null : new StoredFile(did, bytes, md5, List.copyOf(replicas));
            }
        });
    }

    /** Whether {@code ivoa.obscore} publishes a dataset with this {@code obs_publisher_did}. */
    public boolean publishes(String publisherDid) {
        return query("SELECT 1 FROM ivoa.obscore WHERE obs_publisher_did = ?", statement -> {
            statement.setString(1, publisherDid);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Boolean.TRUE : null;
            }
        }).isPresent();
    }

    /** The collection a catalogued file belongs to ({@code archive.files.collection}). */
    public Optional<String> collection(String did) {
        return query("SELECT collection FROM archive.files WHERE did = ?", statement -> {
            statement.setString(1, did);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        /** The result, or null for "not there". */
        T run(PreparedStatement statement) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Work<T> work) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            return Optional.ofNullable(work.run(statement));
        } catch (SQLException e) {
            if (MISSING.contains(e.getSQLState())) {
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }

    private static CatalogueUnavailableException unavailable(SQLException e) {
        LOG.warnf("catalogue query failed (SQLSTATE %s): %s", e.getSQLState(), e.getMessage());
        return new CatalogueUnavailableException("the archive catalogue did not answer; try again shortly", e);
    }
}

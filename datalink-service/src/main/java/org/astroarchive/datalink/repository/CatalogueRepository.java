package org.astroarchive.datalink.repository;

import org.astroarchive.contracts.catalogue.RowTable;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * link columns, the row tables themselves, {@code archive.files} and {@code archive.replicas}.
 *
 * <p>A table that does not exist (no file of its collection ingested yet, or migrations not applied) reads as
 * absent, never as an error; any other database failure is a {@link CatalogueUnavailableException}.
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

    /** The row table {@code table} if it exists and has a link column; empty otherwise. */
    public Optional<RowTable> rowTable(String table) {
        if (!TABLE.matcher(table).matches()) {
            return Optional.empty();
        }
        RowTable cached = rowTables.get(table);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RowTable> found = query(RowTable.DESCRIBE, statement -> {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return RowTable.from(table, rs);
            }
        }).flatMap(o -> o);
        found.ifPresent(t -> rowTables.put(table, t));
        return found;
    }

    /**
     * The row whose link column equals {@code key}, with the file it came from and the {@code columns} asked for
     * (columns the table lacks are skipped). Of several rows with the same key the newest file version wins.
     */
    public Optional<RowRecord> row(RowTable table, Object key, List<String> columns) {
        List<String> wanted = columns.stream().filter(table::hasColumn).filter(c -> IDENTIFIER.matcher(c).matches())
                .distinct().toList();
        StringBuilder sql = new StringBuilder("SELECT did_scope, did_name, did_rse, file_name");
        wanted.forEach(c -> sql.append(", ").append(c));
        sql.append(" FROM ").append(table.name()).append(" WHERE ").append(table.linkColumn())
                .append(" = ? ORDER BY file_version DESC LIMIT 1");
        return query(table, sql.toString(), statement -> {
            statement.setObject(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < wanted.size(); i++) {
                    values.put(wanted.get(i), rs.getObject(5 + i));
                }
                return new RowRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), values);
            }
        });
    }

    /** Whether {@code table} has a row whose link column equals {@code key}. */
    public boolean rowExists(RowTable table, Object key) {
        return query(table, "SELECT 1 FROM " + table.name() + " WHERE " + table.linkColumn() + " = ? LIMIT 1", statement -> {
            statement.setObject(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Boolean.TRUE : null;
            }
        }).isPresent();
    }

    /**
     * The catalogue entry of a file and its replicas on the S3 endpoint this service signs for, ordered by RSE name
     * (a replica on an S3 server of its own, {@code archive.replicas.endpoint}, is not reachable from here).
     */
    public Optional<StoredFile> file(String did) {
        return query("""
                SELECT f.did, f.collection, f.bytes, f.md5, f.content_type, r.rse, r.bucket, r.object_key
                FROM archive.files f LEFT JOIN archive.replicas r ON r.did = f.did AND r.endpoint IS NULL
                WHERE f.did = ? ORDER BY r.rse""", statement -> {
            statement.setString(1, did);
            try (ResultSet rs = statement.executeQuery()) {
                StoredFile file = null;
                List<StoredFile.Replica> replicas = new ArrayList<>();
                while (rs.next()) {
                    if (file == null) {
                        file = new StoredFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4).trim(),
                                rs.getString(5), replicas);
                    }
                    if (rs.getString(6) != null) {
                        replicas.add(new StoredFile.Replica(rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
                return file == null ? null
                        : new StoredFile(file.did(), file.collection(), file.bytes(), file.md5(), file.contentType(),
                        List.copyOf(replicas));
            }
        });
    }

    /** The coverage of an ObsCore dataset, for the VALUES of its SODA descriptor; empty when it has no ObsCore row. */
    public Optional<ObscoreCoverage> obscore(String publisherDid) {
        return query("""
                SELECT dataproduct_type, s_ra, s_dec, s_fov, em_min, em_max, t_min, t_max
                FROM ivoa.obscore WHERE obs_publisher_did = ?""", statement -> {
            statement.setString(1, publisherDid);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? new ObscoreCoverage(rs.getString(1), number(rs, 2), number(rs, 3), number(rs, 4),
                        number(rs, 5), number(rs, 6), number(rs, 7), number(rs, 8)) : null;
            }
        });
    }

    /**
     * The energy and time ranges of a photon file's rows in {@code fermi.photon}; empty when the file has none there
     * (an FT2 spacecraft file, or no Fermi table yet).
     */
    public Optional<PhotonRange> photons(String scope, String name) {
        return query("""
                SELECT count(*), min(energy), max(energy), min(met), max(met)
                FROM fermi.photon WHERE did_scope = ? AND did_name = ?""", statement -> {
            statement.setString(1, scope);
            statement.setString(2, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0 ? new PhotonRange(rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                        rs.getDouble(4), rs.getDouble(5)) : null;
            }
        });
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    @FunctionalInterface
    private interface Work<T> {
        /** The result, or null for "not there". */
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Like {@link #query(String, Work)}, forgetting the cached table if it has gone. */
    private <T> Optional<T> query(RowTable table, String sql, Work<T> work) {
        try {
            return run(sql, work);
        } catch (SQLException e) {
            if (MISSING.contains(e.getSQLState())) {
                rowTables.remove(table.name());
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }

    private <T> Optional<T> query(String sql, Work<T> work) {
        try {
            return run(sql, work);
        } catch (SQLException e) {
            if (MISSING.contains(e.getSQLState())) {
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }

    private <T> Optional<T> run(String sql, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            return Optional.ofNullable(work.run(statement));
        }
    }

    private static CatalogueUnavailableException unavailable(SQLException e) {
        LOG.warnf("catalogue query failed (SQLSTATE %s): %s", e.getSQLState(), e.getMessage());
        return new CatalogueUnavailableException("the archive catalogue did not answer; try again shortly", e);
    }
}

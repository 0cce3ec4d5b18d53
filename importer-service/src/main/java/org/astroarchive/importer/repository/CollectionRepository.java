package org.astroarchive.importer.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Versions of the collection descriptions in {@code archive.collection_descriptions} (migration V5). */
@ApplicationScoped
public class CollectionRepository {

    /** One stored version; {@code definition} is the JSON text of the description. */
    public record StoredVersion(String collection, int version, String sha256, String origin, Instant createdAt,
                                String definition) {
    }

    private static final String COLUMNS = "collection, version, sha256, origin, created_at, definition::text";

    private final AgroalDataSource dataSource;

    public CollectionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<StoredVersion> latestVersions() throws SQLException {
        return query("SELECT DISTINCT ON (collection) " + COLUMNS
                + " FROM archive.collection_descriptions ORDER BY collection, version DESC");
    }

    public List<StoredVersion> versions(String collection) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM archive.collection_descriptions WHERE collection = ? ORDER BY version",
                collection);
    }

    public Optional<StoredVersion> version(String collection, int version) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM archive.collection_descriptions WHERE collection = ? AND version = ?",
                collection, version).stream().findFirst();
    }

    /**
     * Stores {@code definition} as the next version unless it equals the latest one.
     *
     * @return the stored (or unchanged latest) version and whether it is new
     */
    public Added add(String collection, String definition, String sha256, String origin) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 2))")) {
                    lock.setString(1, "collection:" + collection);
                    lock.execute();
                }
                Optional<StoredVersion> latest = query(connection, "SELECT " + COLUMNS
                        + " FROM archive.collection_descriptions WHERE collection = ? ORDER BY version DESC LIMIT 1",
                        collection).stream().findFirst();
                if (latest.isPresent() && latest.get().sha256().equals(sha256)) {
                    connection.commit();
                    return new Added(latest.get(), false);
                }
                int version = latest.map(v -> v.version() + 1).orElse(1);
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO archive.collection_descriptions (collection, version, definition, sha256, origin)
                        VALUES (?, ?, ?::jsonb, ?, ?)""")) {
                    insert.setString(1, collection);
                    insert.setInt(2, version);
                    insert.setString(3, definition);
                    insert.setString(4, sha256);
                    insert.setString(5, origin);
                    insert.executeUpdate();
                }
                connection.commit();
                return new Added(version(collection, version).orElseThrow(), true);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    public record Added(StoredVersion stored, boolean created) {
    }

    private List<StoredVersion> query(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, parameters);
        }
    }

    private static List<StoredVersion> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<StoredVersion> versions = new ArrayList<>();
                while (rs.next()) {
                    versions.add(new StoredVersion(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getString(6)));
                }
                return versions;
            }
        }
    }
}

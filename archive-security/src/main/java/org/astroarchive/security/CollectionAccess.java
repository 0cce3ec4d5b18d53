package org.astroarchive.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Which collections (database schemas) need which group, from {@code archive.collection_access}: a schema without
 * a row is public; a schema with a row is readable only by members of its {@code required_group}. Every service
 * enforces it itself (TAP hides the tables and refuses queries, DataLink and SODA refuse the files).
 *
 * <p>Fails closed: while the table cannot be read, {@link #canRead} is false for every schema and
 * {@link #hiddenSchemas} throws {@link AccessRulesUnavailableException}. The rules are read through the service's
 * default JDBC datasource, on the calling (worker) thread, and reused for {@code
 * archive.security.collection-access.cache-ttl}.
 */
@ApplicationScoped
public class CollectionAccess {

    private static final Logger LOG = Logger.getLogger(CollectionAccess.class);
    /** A failed read is retried after this pause at the earliest, not at every request. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private record Rules(Map<String, String> requiredGroups, Instant until, RuntimeException failure) {
    }

    private final Supplier<DataSource> dataSource;
    private final Duration ttl;
    private final Clock clock;
    private volatile Rules rules;

    @Inject
    public CollectionAccess(Instance<DataSource> dataSource, SecurityConfig config) {
        this(dataSource::get, config.collectionAccess().cacheTtl(), Clock.systemUTC());
    }

    public CollectionAccess(Supplier<DataSource> dataSource, Duration ttl, Clock clock) {
        this.dataSource = dataSource;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Whether the caller may read the schema's tables and files. Schema names compare case-insensitively. */
    public boolean canRead(String schema, Caller caller) {
        Rules current = current();
        if (current.failure() != null) {
            return false;
        }
        String group = current.requiredGroups().get(normalize(schema));
        return group == null || caller.inGroup(group);
    }

    /** The schemas the caller may not read (lower case), for TAP_SCHEMA and listings. */
    public Set<String> hiddenSchemas(Caller caller) {
        Rules current = current();
        if (current.failure() != null) {
            throw new AccessRulesUnavailableException("archive.collection_access cannot be read, so private "
                    + "collections cannot be told apart: " + current.failure().getMessage(), current.failure());
        }
        Set<String> hidden = new TreeSet<>();
        current.requiredGroups().forEach((schema, group) -> {
            if (!caller.inGroup(group)) {
                hidden.add(schema);
            }
        });
        return hidden;
    }

    /** The group a schema requires, or null when it is public (rules unreadable: throws as {@link #hiddenSchemas}). */
    public String requiredGroup(String schema) {
        Rules current = current();
        if (current.failure() != null) {
            throw new AccessRulesUnavailableException("archive.collection_access cannot be read: "
                    + current.failure().getMessage(), current.failure());
        }
        return current.requiredGroups().get(normalize(schema));
    }

    private Rules current() {
        Rules current = rules;
        if (current != null && clock.instant().isBefore(current.until())) {
            return current;
        }
        synchronized (this) {
            current = rules;
            if (current == null || !clock.instant().isBefore(current.until())) {
                current = load();
                rules = current;
            }
            return current;
        }
    }

    private Rules load() {
        try (Connection connection = dataSource.get().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT schema_name, required_group FROM archive.collection_access")) {
            Map<String, String> requiredGroups = new HashMap<>();
            while (rows.next()) {
                requiredGroups.put(normalize(rows.getString(1)), rows.getString(2));
            }
            return new Rules(Map.copyOf(requiredGroups), clock.instant().plus(ttl), null);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("archive.collection_access unreadable, private collections denied: %s", e.getMessage());
            RuntimeException failure = e instanceof RuntimeException runtime
                    ? runtime : new IllegalStateException(e.getMessage(), e);
            return new Rules(Map.of(), clock.instant().plus(RETRY_AFTER_FAILURE), failure);
        }
    }

    private static String normalize(String schema) {
        return schema == null ? "" : schema.trim().toLowerCase(Locale.ROOT);
    }
}

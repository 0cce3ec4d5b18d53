package org.astroarchive.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The rules of archive.collection_access from a real PostgreSQL with the archive's migrations. */
class CollectionAccessTest {

    private static final Caller ALICE = new Caller("alice", Set.of("gaia"), true);
    private static final Caller BOB = new Caller("bob", Set.of(), true);

    private static LocalComponent postgres;

    @BeforeAll
    static void migrate() {
        postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
    }

    @Test
    void gaiaNeedsGroupGaiaAndOtherSchemasArePublic() {
        CollectionAccess access = new CollectionAccess(() -> dataSource(postgres.port()), Duration.ofSeconds(30),
                Clock.systemUTC());
        assertThat(access.canRead("gaia", ALICE)).isTrue();
        assertThat(access.canRead("GAIA", BOB)).isFalse();
        assertThat(access.canRead("gaia", Caller.ANONYMOUS)).isFalse();
        assertThat(access.canRead("fermi", BOB)).isTrue();
        assertThat(access.hiddenSchemas(BOB)).contains("gaia").doesNotContain("fermi");
        assertThat(access.hiddenSchemas(ALICE)).doesNotContain("gaia");
        assertThat(access.requiredGroup("gaia")).isEqualTo("gaia");
    }

    @Test
    void rulesAreReusedForTheirTimeToLiveThenReadAgain() throws SQLException {
        MutableClock clock = new MutableClock();
        CollectionAccess access = new CollectionAccess(() -> dataSource(postgres.port()), Duration.ofSeconds(30), clock);
        assertThat(access.canRead("ttl_test", BOB)).isTrue();
        execute("INSERT INTO archive.collection_access VALUES ('ttl_test', 'ttl-readers', 'made private by a test')");
        try {
            clock.advance(Duration.ofSeconds(29));
            assertThat(access.canRead("ttl_test", BOB)).isTrue();
            clock.advance(Duration.ofSeconds(2));
            assertThat(access.canRead("ttl_test", BOB)).isFalse();
            assertThat(access.canRead("ttl_test", new Caller("carol", Set.of("ttl-readers"), true))).isTrue();
        } finally {
            execute("DELETE FROM archive.collection_access WHERE schema_name = 'ttl_test'");
        }
    }

    @Test
    void unreachableDatabaseDeniesEverySchemaAndHidesThemAll() {
        // nothing listens on a port just found free: connections are refused, as when the database is down
        CollectionAccess access = new CollectionAccess(() -> dataSource(LocalComponent.freePort()), Duration.ofSeconds(30),
                Clock.systemUTC());
        assertThat(access.canRead("gaia", ALICE)).isFalse();
        assertThat(access.canRead("gaia", BOB)).isFalse();
        assertThat(access.canRead("fermi", BOB)).isFalse();
        assertThatThrownBy(() -> access.hiddenSchemas(ALICE)).isInstanceOf(AccessRulesUnavailableException.class)
                .hasMessageContaining("archive.collection_access");
    }

    private static PGSimpleDataSource dataSource(int port) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/archive");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

package org.astroarchive.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** The archive's database as metadata-service creates it: the db/archive migrations of archive-contracts. */
public final class ArchiveDatabase {

    private ArchiveDatabase() {
    }

    public static String jdbcUrl(LocalComponent postgres) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/archive";
    }

    /** Applies the migrations (idempotent, as at every metadata-service start). */
    public static void migrate(LocalComponent postgres) {
        migrate(jdbcUrl(postgres), "postgres", "");
    }

    /** Applies the migrations to any database as the given role, e.g. a Kubernetes cluster's database owner. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/archive").load().migrate();
    }

    public static Connection connect(LocalComponent postgres) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(postgres), "postgres", "");
    }
}

package org.astroarchive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.RepoLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL image of CloudNativePG's Cluster archive-pg (deploy/images/build-postgres.sh; issue 8) run by podman
 * as the operator runs it: as uid 26 on a read-only root file system, initdb into the data volume, then postgres
 * with password authentication, here on the host's network and a free loopback port. The Cluster's bootstrap is replayed (database
 * {@code archive} owned by the unprivileged role {@code archive}, then the {@code postInitApplicationSQL} of
 * deploy/k8s/base/postgres/cluster.yaml as superuser), then metadata-service's Flyway migrations run as the owner, as
 * in the cluster: the whole schema with its pgSphere columns and GiST indexes. A cone query goes through both
 * pgSphere indexes and agrees with q3c. Runs in {@code ./archive test}, which builds the image; a plain
 * {@code mvn verify} without the profile {@code images} leaves this class out (system-tests/pom.xml).
 */
class PostgresImageIT {

    private static final String IMAGE = System.getProperty("archive.postgres.image", "localhost/astroarchive/postgres-pgsphere:15");
    private static final Path CLUSTER = RepoLayout.root().resolve("deploy/k8s/base/postgres/cluster.yaml");
    private static final Path MIGRATIONS = RepoLayout.root().resolve("archive-contracts/src/main/resources/db/archive");
    private static final String PGDATA = "/var/lib/postgresql/data/pgdata";
    /** As in the cluster, where they come from Secrets: the superuser's and the database owner's passwords. */
    private static final String SUPERUSER_PASSWORD = "superuser-" + System.nanoTime();
    private static final String OWNER_PASSWORD = "archive-" + System.nanoTime();

    private static int port;
    private static String container;
    private static Process instance;
    private static Path log;

    @BeforeAll
    static void startTheImageAndBootstrapTheClusterAsCloudNativePgDoes() throws Exception {
        long started = System.nanoTime();
        port = LocalComponent.freePort();
        container = "archive-test-postgres-" + port;
        log = Files.createTempFile("postgres-image-", ".log");
        String script = String.join("\n", "set -e",
                "printf '%s\\n' \"$SUPERUSER_PASSWORD\" > /tmp/superuser-password",
                "initdb -D " + PGDATA + " -U postgres --pwfile=/tmp/superuser-password -A scram-sha-256"
                        + " --encoding=UTF8 --lc-collate=C --lc-ctype=C >/dev/null",
                "rm /tmp/superuser-password",
                "echo 'host all all all scram-sha-256' >> " + PGDATA + "/pg_hba.conf",
                "exec postgres -D " + PGDATA + " -c listen_addresses=127.0.0.1 -c port=" + port
                        + " -c unix_socket_directories=/tmp");
        // runc, the ulimits and the host's network: as QuarkusApp runs the service images (crun and podman's default
        // ulimits fail here, and a published port needs netavark's iptables, which a CI machine need not have);
        // the data volume is an anonymous volume owned by the container's user (a PVC with fsGroup 26), removed by --rm
        instance = new ProcessBuilder("podman", "--runtime", "runc", "run", "--rm", "--name", container,
                "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096", "--user", "26:26", "--read-only",
                "--mount", "type=volume,destination=/var/lib/postgresql/data,U=true",
                "--network", "host", "-e", "SUPERUSER_PASSWORD=" + SUPERUSER_PASSWORD,
                IMAGE, "sh", "-c", script)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitConnection(Duration.ofSeconds(90));
        long ready = System.nanoTime();

        try (Connection postgres = connect("postgres", "postgres", SUPERUSER_PASSWORD);
             Statement statement = postgres.createStatement()) {
            statement.execute("CREATE ROLE archive LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
            statement.execute("CREATE DATABASE archive OWNER archive");
        }
        try (Connection archive = connect("archive", "postgres", SUPERUSER_PASSWORD);
             Statement statement = archive.createStatement()) {
            for (String sql : postInitApplicationSql()) {
                statement.execute(sql);
            }
        }
        ArchiveDatabase.migrate(jdbcUrl("archive"), "archive", OWNER_PASSWORD);
        System.out.printf("postgres image ready on 127.0.0.1:%d after %.1f s, bootstrapped and migrated after %.1f s more%n",
                port, (ready - started) / 1e9, (System.nanoTime() - ready) / 1e9);
    }

    @AfterAll
    static void stopTheImage() throws Exception {
        if (instance == null) {
            return;
        }
        new ProcessBuilder("podman", "stop", "--time", "20", container).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(40, TimeUnit.SECONDS);
        if (!instance.waitFor(30, TimeUnit.SECONDS)) {
            instance.destroyForcibly();
        }
    }

    @Test
    void theImageRunsAsUid26AndLeavesTheEntrypointToTheOperator() throws Exception {
        Process inspect = new ProcessBuilder("podman", "image", "inspect", "--format",
                "{{.Config.User}} {{len .Config.Entrypoint}} {{len .Config.Cmd}}", IMAGE).redirectErrorStream(true).start();
        String config = new String(inspect.getInputStream().readAllBytes()).trim();
        assertThat(inspect.waitFor()).as(config).isZero();
        assertThat(config).isEqualTo("26 0 0");
    }

    @Test
    void theDatabaseOwnerCreatesTheWholeSchemaWithItsPgSphereColumnsAndGistIndexes() throws Exception {
        try (Connection archive = connect("archive", "archive", OWNER_PASSWORD)) {
            assertThat(strings(archive, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).containsExactly("false");
            assertThat(strings(archive, "SELECT extname FROM pg_extension")).contains("pg_sphere", "q3c");
            assertThat(strings(archive, "SELECT version || ' ' || success FROM flyway_schema_history WHERE version IS NOT NULL"))
                    .hasSize(migrationCount()).allMatch(row -> row.endsWith(" true"));
            assertThat(strings(archive, "SELECT tableowner FROM pg_tables WHERE schemaname = 'ivoa' AND tablename = 'obscore'"))
                    .containsExactly("archive");
            assertThat(strings(archive, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                    + " WHERE attrelid = 'ivoa.obscore'::regclass AND attname = 's_region'")).containsExactly("spoly");
            assertThat(strings(archive, "SELECT indexname FROM pg_indexes WHERE schemaname = 'ivoa' AND tablename = 'obscore'"
                    + " AND indexdef LIKE '%USING gist%'")).contains("obscore_position", "obscore_s_region");
        }
    }

    @Test
    void aConeQueryGoesThroughThePgSphereIndexesAndAgreesWithQ3c() throws Exception {
        try (Connection archive = connect("archive", "archive", OWNER_PASSWORD)) {
            insert(archive, "cone-centre", 10.0, 20.0);
            insert(archive, "cone-edge", 10.05, 20.03);      // 0.056 deg from the centre
            insert(archive, "cone-outside", 10.3, 20.0);     // 0.28 deg
            String position = "spoint(radians(s_ra), radians(s_dec)) @ scircle(spoint(radians(10), radians(20)), radians(0.1))";
            String region = "s_region && scircle(spoint(radians(10), radians(20)), radians(0.1))";
            String q3c = "q3c_radial_query(s_ra, s_dec, 10, 20, 0.1)";
            try (Statement statement = archive.createStatement()) {
                statement.execute("SET enable_seqscan = off");
            }
            for (String cone : List.of(position, region, q3c)) {
                assertThat(strings(archive, "SELECT obs_id FROM ivoa.obscore WHERE " + cone + " ORDER BY obs_id"))
                        .as(cone).containsExactly("cone-centre", "cone-edge");
            }
            assertThat(String.join("\n", strings(archive, "EXPLAIN SELECT obs_id FROM ivoa.obscore WHERE " + position)))
                    .contains("obscore_position");
            assertThat(String.join("\n", strings(archive, "EXPLAIN SELECT obs_id FROM ivoa.obscore WHERE " + region)))
                    .contains("obscore_s_region");
        }
    }

    /** An ObsCore row at (ra, dec) in degrees, its region a square of 0.02 degrees around it. */
    private static void insert(Connection connection, String obsId, double ra, double dec) throws SQLException {
        String square = String.format(Locale.ROOT, "{(%1$.4fd,%2$.4fd),(%3$.4fd,%2$.4fd),(%3$.4fd,%4$.4fd),(%1$.4fd,%4$.4fd)}",
                ra - 0.01, dec - 0.01, ra + 0.01, dec + 0.01);
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO ivoa.obscore (calib_level, obs_collection,"
                + " obs_id, obs_publisher_did, s_ra, s_dec, s_region) VALUES (2, 'image-test', ?, ?, ?, ?, ?::spoly)")) {
            statement.setString(1, obsId);
            statement.setString(2, "ivo://astroarchive.example/image-test?" + obsId);
            statement.setDouble(3, ra);
            statement.setDouble(4, dec);
            statement.setString(5, square);
            statement.executeUpdate();
        }
    }

    /** The SQL the Cluster runs as superuser in the new database at bootstrap (its postInitApplicationSQL list). */
    private static List<String> postInitApplicationSql() throws IOException {
        List<String> sql = new ArrayList<>();
        boolean inList = false;
        for (String line : Files.readAllLines(CLUSTER)) {
            String trimmed = line.trim();
            if (trimmed.equals("postInitApplicationSQL:")) {
                inList = true;
            } else if (inList && trimmed.startsWith("- ")) {
                sql.add(trimmed.substring(2).trim());
            } else if (inList) {
                break;
            }
        }
        assertThat(sql).as("postInitApplicationSQL of " + CLUSTER).isNotEmpty();
        return sql;
    }

    private static int migrationCount() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static List<String> strings(Connection connection, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private static void awaitConnection(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!instance.isAlive()) {
                throw new IllegalStateException(IMAGE + " exited with " + instance.exitValue() + ":\n" + Files.readString(log));
            }
            try (Connection ignored = connect("postgres", "postgres", SUPERUSER_PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(IMAGE + " not accepting connections on 127.0.0.1:" + port + " within " + timeout
                + " (" + last + "):\n" + Files.readString(log));
    }
}

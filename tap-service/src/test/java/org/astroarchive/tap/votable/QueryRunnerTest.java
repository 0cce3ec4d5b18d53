package org.astroarchive.tap.votable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.astroarchive.tap.TestTapConfig;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.datalink.SelectionRegistry;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The transaction QueryRunner runs a query in: read-only, the query's own time limit, the caller's groups, the job label. */
class QueryRunnerTest {

    private static PGSimpleDataSource dataSource;
    private static QueryRunner runner;

    @BeforeAll
    static void start() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(ArchiveDatabase.jdbcUrl(postgres));
        dataSource.setUser("postgres");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS query_runner_test");
            statement.execute("CREATE TABLE IF NOT EXISTS query_runner_test.t (id int)");
        }
        SelectionRegistry noSelections = new SelectionRegistry(null, TestTapConfig.of(Map.of(
                "datalinkSelections", false, "selectionTtl", Duration.ofMinutes(1))));
        runner = new QueryRunner(dataSource, TestTapConfig.of(Map.of()), noSelections);
    }

    @Test
    void runsInAReadOnlyTransactionWithTheQuerysTimeoutGroupsAndLabel() throws Exception {
        String csv = run("SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, "
                + "current_setting('archive.caller_groups') AS groups, current_setting('application_name') AS label",
                Duration.ofSeconds(42), "tap-job:x", Set.of("survey-team"));
        assertThat(csv).isEqualTo("ro,timeout,groups,label\non,42s,survey-team,tap-job:x\n");
        // a second query gets its own limit (sync and async differ), and no label unless given
        String other = run("SELECT current_setting('statement_timeout') AS timeout, current_setting('application_name') <> 'tap-job:x' AS unlabelled",
                Duration.ofMillis(1500), null, Set.of());
        assertThat(other).isEqualTo("timeout,unlabelled\n1500ms,true\n");
    }

    @Test
    void cancelsAQueryPastItsTimeLimit() {
        assertThatThrownBy(() -> run("SELECT pg_sleep(30)", Duration.ofMillis(200), null, Set.of()))
                .isInstanceOf(QueryRunner.QueryFailedException.class)
                .hasMessageContaining("time limit");
    }

    @Test
    void refusesToWrite() {
        assertThatThrownBy(() -> run("WITH x AS (INSERT INTO query_runner_test.t VALUES (1) RETURNING id) SELECT * FROM x",
                Duration.ofSeconds(30), null, Set.of()))
                .isInstanceOf(QueryRunner.QueryFailedException.class)
                .hasMessageContaining("only reads");
    }

    private static String run(String sql, Duration timeout, String label, Set<String> groups) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runner.runInto(new AdqlTranslator.Translation(sql, List.of(), groups), 10, ResultFormat.CSV, timeout, out, label,
                List.of(), UUID.randomUUID());
        return out.toString(StandardCharsets.UTF_8);
    }
}

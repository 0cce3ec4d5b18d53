package org.astroarchive.tap.adql;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.Test;

/** The translation of a cone search must be able to use the GiST index on positions (TAP issue: 1=CONTAINS on the index). */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class SpatialIndexTest {

    @Inject
    AdqlTranslator translator;

    @Inject
    DataSource dataSource;

    @Test
    void aConeSearchOnObscoreUsesThePositionIndex() throws Exception {
        String sql = translator.translate("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), "
                + "CIRCLE('ICRS', 10.0, 41.0, 0.1))", 100, java.util.List.of(), new AdqlTranslator.Rights(java.util.Set.of(), java.util.Set.of())).sql();

        StringBuilder plan = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            // the test table is tiny: forbid the sequential scan to see whether the index *can* serve the query
            statement.execute("SET LOCAL enable_seqscan = off");
            try (ResultSet rs = statement.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            connection.rollback();
        }
        assertThat(plan.toString()).as(sql).contains("obscore_position");
    }
}

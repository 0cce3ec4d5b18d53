package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.xml.XmlPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.SharedComponents;
import org.astroarchive.testsupport.Uws;
import org.junit.jupiter.api.Test;

/**
 * Two tap-service instances behind the same database and S3: one is killed (SIGKILL) with async jobs in flight;
 * every job still ends COMPLETED or ERROR, readable through the other, and no orphaned query keeps running.
 */
class TapInstancesIT {

    /** Billions of rows to count: runs until cancelled. */
    private static final String SLOW = "SELECT COUNT(*) FROM tap_schema.columns a, tap_schema.columns b, tap_schema.columns c, "
            + "tap_schema.columns d, tap_schema.columns e";

    @Test
    void jobsOfAKilledInstanceEndCleanlyThroughTheOther() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        Map<String, String> config = ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(SharedComponents.get(LocalComponent.Kind.S3)),
                ArchiveConfig.redis(SharedComponents.get(LocalComponent.Kind.REDIS)), TapClient.keycloak(),
                Map.of("tap.orphan-after", "PT3S", "tap.sweep-every", "1s"));
        QuarkusApp survivor = QuarkusApp.start("tap-service", config);
        QuarkusApp victim = QuarkusApp.start("tap-service", config);
        try {
            String done = submit(victim, "SELECT TOP 5 table_name FROM TAP_SCHEMA.tables");
            XmlPath finished = Uws.awaitEnd(RestAssured::given, victim.url() + "/tap/async/" + done);
            assertThat(finished.getString("job.phase")).isEqualTo("COMPLETED");
            List<String> slow = List.of(submit(victim, SLOW), submit(victim, SLOW));
            for (String job : slow) {
                given().queryParam("WAIT", "20").queryParam("PHASE", "QUEUED").when().get(survivor.url() + "/tap/async/" + job)
                        .then().statusCode(200);
            }
            assertThat(runningJobQueries(postgres)).isEqualTo(2);

            victim.kill();

            for (String job : slow) {
                XmlPath state = given().queryParam("WAIT", "30").queryParam("PHASE", "EXECUTING")
                        .when().get(survivor.url() + "/tap/async/" + job).then().statusCode(200).extract().xmlPath();
                assertThat(state.getString("job.phase")).isEqualTo("ERROR");
                assertThat(state.getString("job.errorSummary.message")).contains("instance executing this job stopped");
            }
            String result = given().when().get(survivor.url() + "/tap/async/" + done + "/results/result")
                    .then().statusCode(200).extract().asString();
            assertThat(result).contains("value=\"OK\"").contains("name=\"table_name\"");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (runningJobQueries(postgres) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(runningJobQueries(postgres)).as("queries of the killed instance's jobs are cancelled").isZero();
        } finally {
            victim.close();
            survivor.close();
        }
    }

    private static String submit(QuarkusApp tap, String query) {
        String location = given().redirects().follow(false).formParam("LANG", "ADQL").formParam("QUERY", query)
                .formParam("PHASE", "RUN").when().post(tap.url() + "/tap/async").then().statusCode(303).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static int runningJobQueries(LocalComponent postgres) throws Exception {
        try (Connection connection = ArchiveDatabase.connect(postgres); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'tap-job:%' AND state = 'active'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

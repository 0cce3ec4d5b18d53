package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.path.xml.XmlPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Uws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

/** UWS 1.1 async jobs on real PostgreSQL (job store) and S3 (results). */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class AsyncJobResourceTest {

    private static final String QUERY = "SELECT obs_id, s_ra FROM ivoa.obscore WHERE obs_collection = 'adqlcases' ORDER BY obs_id";
    /** Billions of rows to count: runs until cancelled. */
    private static final String SLOW = "SELECT COUNT(*) FROM tap_schema.columns a, tap_schema.columns b, tap_schema.columns c, "
            + "tap_schema.columns d, tap_schema.columns e";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void fixture() throws Exception {
        TapFixtures.insertObscoreRows(dataSource);
        RestAssured.config = RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));
    }

    @Test
    void runsAJobSubmittedWithPhaseRunAndServesItsResult() throws Exception {
        String job = submit(QUERY, true);

        XmlPath done = waitFor(job);
        assertThat(done.getString("job.phase")).isEqualTo("COMPLETED");
        assertThat(done.getString("job.results.result.@id")).isEqualTo("result");
        byte[] result = given().when().get(job + "/results/result").then().statusCode(200)
                .contentType(containsString("votable")).extract().asByteArray();
        StarTable table = TapFixtures.parseVotable(result);
        assertThat(table.getRowCount()).isEqualTo(3);
        assertThat(table.getCell(0, 0)).isEqualTo("case-a");
    }

    @Test
    void servesAResultInTheFormatTheJobAskedFor() {
        String job = given().formParam("LANG", "ADQL").formParam("QUERY", QUERY).formParam("RESPONSEFORMAT", "csv")
                .formParam("PHASE", "RUN").when().post("/tap/async").then().statusCode(303).extract().header("Location");

        XmlPath done = waitFor(job);
        assertThat(done.getString("job.results.result.@mime-type")).startsWith("text/csv");
        String csv = given().when().get(job + "/results/result").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertThat(csv.lines().toList()).hasSize(4).first().isEqualTo("obs_id,s_ra");
    }

    @Test
    void keepsAJobPendingUntilRunAndAcceptsParametersMeanwhile() {
        String job = submit(QUERY, false);
        given().when().get(job + "/phase").then().statusCode(200).body(org.hamcrest.Matchers.equalTo("PENDING"));

        given().formParam("MAXREC", "1").when().post(job + "/parameters").then().statusCode(303);
        given().formParam("PHASE", "RUN").when().post(job + "/phase").then().statusCode(303);

        assertThat(waitFor(job).getString("job.phase")).isEqualTo("COMPLETED");
        String result = given().when().get(job + "/results/result").then().statusCode(200).extract().asString();
        assertThat(result).contains("OVERFLOW");
        given().formParam("MAXREC", "5").when().post(job + "/parameters").then().statusCode(409);
    }

    @Test
    void endsABadQueryInErrorWithTheHint() {
        String job = submit("SELECT nosuchcolumn FROM ivoa.obscore", true);

        XmlPath done = waitFor(job);
        assertThat(done.getString("job.phase")).isEqualTo("ERROR");
        assertThat(done.getString("job.errorSummary.message")).contains("columns available");
        given().when().get(job + "/error").then().statusCode(200)
                .body(containsString("value=\"ERROR\"")).body(containsString("columns available"));
        given().when().get(job + "/results/result").then().statusCode(404);
    }

    @Test
    void refusesANulCharacterInAParameterWith400() {
        // found by suites/BadInputIT: the job store could not hold it and the request ended in a 503
        given().redirects().follow(false).formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM ivoa.obscore WHERE obs_id = '\u0000'")
                .when().post("/tap/async")
                .then().statusCode(400).body(containsString("QUERY contains a NUL character"));
    }

    @Test
    void abortingAnExecutingJobStopsItsDatabaseQuery() throws Exception {
        String job = submit(SLOW, true);
        given().queryParam("WAIT", "10").queryParam("PHASE", "QUEUED").when().get(job).then().statusCode(200);
        awaitQueryRunning(true);

        given().formParam("PHASE", "ABORT").when().post(job + "/phase").then().statusCode(303);

        given().when().get(job + "/phase").then().body(org.hamcrest.Matchers.equalTo("ABORTED"));
        awaitQueryRunning(false);
    }

    @Test
    void blocksOnWaitOnlyWhileThePhaseIsTheOneGiven() {
        String job = submit(QUERY, false);
        long start = System.nanoTime();
        given().queryParam("WAIT", "5").queryParam("PHASE", "EXECUTING").when().get(job).then().statusCode(200)
                .body(containsString("PENDING"));
        assertThat((System.nanoTime() - start) / 1_000_000).as("no wait: the job is not EXECUTING").isLessThan(2000);
    }

    @Test
    void listsFiltersAndDeletesJobs() {
        String done = submit(QUERY, true);
        waitFor(done);
        String pending = submit(QUERY, false);
        String id = pending.substring(pending.lastIndexOf('/') + 1);

        given().queryParam("PHASE", "PENDING").when().get("/tap/async").then().statusCode(200)
                .body(containsString(id)).body(not(containsString(done.substring(done.lastIndexOf('/') + 1))));
        XmlPath last = given().queryParam("LAST", "1").when().get("/tap/async").then().statusCode(200).extract().xmlPath();
        assertThat(last.getList("jobs.jobref.@id")).containsExactly(id);

        given().when().delete(pending).then().statusCode(303).header("Location", containsString("/tap/async"));
        given().when().get(pending).then().statusCode(404).body(containsString("no job"));
        given().formParam("ACTION", "DELETE").when().post(done).then().statusCode(303);
        given().when().get(done).then().statusCode(404);
    }

    @Test
    void refusesBadPhasesAndFilters() {
        String job = submit(QUERY, false);
        given().formParam("PHASE", "SUSPEND").when().post(job + "/phase").then().statusCode(400).body(containsString("PHASE=RUN"));
        given().queryParam("PHASE", "DONE").when().get("/tap/async").then().statusCode(400);
        given().when().get("/tap/async/no-such-job").then().statusCode(404);
    }

    private static String submit(String query, boolean run) {
        var request = given().formParam("LANG", "ADQL").formParam("QUERY", query);
        if (run) {
            request = request.formParam("PHASE", "RUN");
        }
        return request.when().post("/tap/async").then().statusCode(303).extract().header("Location");
    }

    private static XmlPath waitFor(String job) {
        return Uws.awaitEnd(RestAssured::given, job);
    }

    private void awaitQueryRunning(boolean running) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                         + "AND query LIKE 'SELECT COUNT(*) FROM tap_schema_visible.columns a%'")) {
                rs.next();
                if ((rs.getInt(1) > 0) == running) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        StringBuilder activity = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pid, application_name, state, backend_type, left(query, 60) FROM pg_stat_activity")) {
            while (rs.next()) {
                activity.append(rs.getInt(1)).append(" | ").append(rs.getString(2)).append(" | ").append(rs.getString(3))
                        .append(" | ").append(rs.getString(4)).append(" | ").append(rs.getString(5)).append('\n');
            }
        }
        throw new AssertionError("the slow query is " + (running ? "not running" : "still running") + " after 15 s:\n" + activity);
    }
}

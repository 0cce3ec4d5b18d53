package org.astroarchive.cutmerge.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.cutmerge.CutMergeFixtures.AUTHORITY;
import static org.astroarchive.cutmerge.CutMergeFixtures.FILES;
import static org.astroarchive.cutmerge.CutMergeFixtures.longs;
import static org.astroarchive.cutmerge.CutMergeFixtures.sourceId;
import static org.astroarchive.cutmerge.CutMergeFixtures.transitId;
import static org.astroarchive.cutmerge.rest.CutMergeResourceTest.assertFault;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.xml.XmlPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.astroarchive.cutmerge.CutMergeFixtures;
import org.astroarchive.testsupport.AuditEvents;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Uws;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Asynchronous Cut &amp; Merge (UWS 1.1 jobs in cutmerge.jobs) against the real PostgreSQL, S3, Kafka and Keycloak. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class CutMergeAsyncResourceTest {

    private static final String JOB_URL = ".*/cutmerge/async/[0-9a-f-]{36}";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    @DataSource("state")
    AgroalDataSource state;

    @Inject
    MinioClient minio;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @BeforeEach
    void loadFixtures() throws Exception {
        CutMergeFixtures.load(dataSource, minio);
    }

    static long source(int row) {
        return longs(FILES[0], "/CompleteSource/source_id")[row];
    }

    /** POST /cutmerge/async with the IDs and the other form fields (name, value, ...); the response unfollowed. */
    static Response create(Supplier<RequestSpecification> caller, List<String> ids, String... fields) {
        RequestSpecification request = caller.get().redirects().follow(false).contentType("application/x-www-form-urlencoded");
        for (String id : ids) {
            request = request.formParam("ID", id);
        }
        for (int i = 0; i < fields.length; i += 2) {
            request = request.formParam(fields[i], fields[i + 1]);
        }
        return request.when().post("/cutmerge/async");
    }

    /** The job URL of a created job (303, UWS 1.1 §2.2.3.1). */
    static String created(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(303);
        assertThat(response.header("Location")).matches(JOB_URL);
        return response.header("Location");
    }

    /** Jobs in cutmerge.jobs whose IDs include {@code id}. */
    long jobsNaming(String id) throws Exception {
        try (Connection connection = state.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM cutmerge.jobs WHERE ? = ANY (ids)")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aJobRunsToCompletedWithItsProgressAndTheBytesOfTheSyncAnswer() throws Exception {
        List<String> ids = List.of(sourceId(source(30)), sourceId(source(2)), sourceId(source(77)));
        String job = created(create(() -> given(), ids, "PHASE", "RUN", "RUNID", "first-job"));

        XmlPath done = Uws.awaitEnd(() -> given(), job);
        assertThat(done.getString("job.phase")).isEqualTo("COMPLETED");
        assertThat(done.getString("job.runId")).isEqualTo("first-job");
        assertThat(done.getString("job.jobInfo.progress.@rowsDone")).isEqualTo("3");
        assertThat(done.getString("job.jobInfo.progress.@rowsTotal")).isEqualTo("3");
        assertThat(done.getList("job.parameters.parameter")).containsExactlyElementsOf(ids);
        assertThat(done.getString("job.results.result.@id")).isEqualTo("result");
        assertThat(done.getString("job.results.result.@'xlink:href'")).isEqualTo(job + "/results/result");
        assertThat(done.getString("job.results.result.@mime-type")).isEqualTo("application/x-hdf5");
        Response phase = given().when().get(job + "/phase");
        assertThat(phase.contentType()).startsWith("text/plain");
        assertThat(phase.asString()).isEqualTo("COMPLETED");

        byte[] async = given().when().get(job + "/results/result").then().statusCode(200)
                .contentType("application/x-hdf5").extract().asByteArray();
        assertThat(done.getLong("job.results.result.@size")).isEqualTo(async.length);
        RequestSpecification sync = given();
        for (String id : ids) {
            sync = sync.queryParam("ID", id);
        }
        Response syncAnswer = sync.when().get("/cutmerge");
        assertThat(syncAnswer.header("X-Cutmerge-Cache")).as("the job stored the result under the same hash")
                .isEqualTo("hit");
        assertThat(async).isEqualTo(syncAnswer.asByteArray());

        // a second job of the same IDs finds the stored result and completes with it
        String again = created(create(() -> given(), ids, "PHASE", "RUN"));
        XmlPath second = Uws.awaitEnd(() -> given(), again);
        assertThat(second.getString("job.phase")).isEqualTo("COMPLETED");
        assertThat(second.getString("job.jobInfo.progress.@rowsDone")).isEqualTo("3");
        assertThat(given().when().get(again + "/results/result").asByteArray()).isEqualTo(async);
    }

    @Test
    void aPendingJobWaitsForPhaseRunAndCountsTheRowsTheTransitCorrectionAdds() {
        long source = longs(FILES[1], "/CompleteSource/source_id")[20];
        long[] transitSources = longs(FILES[3], "/AstroElementary/source_id");
        long[] transits = longs(FILES[3], "/AstroElementary/transit_id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < transits.length && ids.size() < 2; i++) {
            if (transitSources[i] == source) {
                ids.add(transitId(transits[i]));
            }
        }
        String job = created(create(() -> given(), ids));
        XmlPath pending = given().when().get(job).then().statusCode(200).extract().xmlPath();
        assertThat(pending.getString("job.phase")).isEqualTo("PENDING");
        assertThat(pending.getString("job.jobInfo.progress.@rowsDone")).isEqualTo("0");
        assertThat(pending.getString("job.jobInfo.progress.@rowsTotal")).as("not resolved yet").isNullOrEmpty();
        assertThat(pending.getList("job.results.result")).isEmpty();
        // UWS 1.1 §2.2.1.1: a WAIT for another phase than the job's returns at once
        assertThat(given().queryParam("WAIT", "30").queryParam("PHASE", "EXECUTING").when().get(job).then()
                .statusCode(200).extract().xmlPath().getString("job.phase")).isEqualTo("PENDING");

        Response run = given().redirects().follow(false).formParam("PHASE", "RUN").when().post(job + "/phase");
        assertThat(run.statusCode()).isEqualTo(303);
        assertThat(run.header("Location")).isEqualTo(job);
        XmlPath done = Uws.awaitEnd(() -> given(), job);
        assertThat(done.getString("job.phase")).isEqualTo("COMPLETED");
        assertThat(done.getString("job.jobInfo.progress.@rowsTotal")).as("2 transits and their source").isEqualTo("3");
        assertThat(done.getString("job.jobInfo.progress.@rowsDone")).isEqualTo("3");
    }

    @Test
    void abortEndsAPendingJobWhichThenNeitherRunsNorHasAResult() {
        String job = created(create(() -> given(), List.of(sourceId(source(40)))));
        assertThat(given().redirects().follow(false).formParam("PHASE", "ABORT").when().post(job + "/phase")
                .statusCode()).isEqualTo(303);
        assertThat(given().when().get(job + "/phase").asString()).isEqualTo("ABORTED");
        given().redirects().follow(false).formParam("PHASE", "RUN").when().post(job + "/phase");
        assertThat(given().when().get(job + "/phase").asString()).as("an ended job stays ended").isEqualTo("ABORTED");
        assertFault(given().when().get(job + "/results/result"), 404, "NotFoundFault: job");
        assertFault(given().formParam("PHASE", "SUSPEND").when().post(job + "/phase"), 400, "UsageFault: PHASE='SUSPEND'");
    }

    @Test
    void deleteRemovesTheJobByDeleteOrActionDelete() {
        String first = created(create(() -> given(), List.of(sourceId(source(41)))));
        Response deleted = given().redirects().follow(false).when().delete(first);
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(deleted.header("Location")).endsWith("/cutmerge/async");
        assertFault(given().when().get(first), 404, "NotFoundFault: no job");

        String second = created(create(() -> given(), List.of(sourceId(source(42)))));
        assertThat(given().redirects().follow(false).formParam("ACTION", "DELETE").when().post(second).statusCode())
                .isEqualTo(303);
        assertFault(given().when().get(second + "/phase"), 404, "NotFoundFault: no job");
        assertThat(given().when().get("/cutmerge/async").then().statusCode(200).extract().xmlPath()
                .getList("jobs.jobref.@id")).doesNotContain(first.substring(first.lastIndexOf('/') + 1),
                second.substring(second.lastIndexOf('/') + 1));
    }

    @Test
    void anUnknownJobIs404() {
        assertFault(given().when().get("/cutmerge/async/" + UUID.randomUUID()), 404, "NotFoundFault: no job");
        assertFault(given().when().get("/cutmerge/async/" + UUID.randomUUID() + "/results/result"), 404,
                "NotFoundFault: no job");
        assertFault(given().when().delete("/cutmerge/async/" + UUID.randomUUID()), 404, "NotFoundFault: no job");
    }

    @Test
    void badInputIsA400WithItsReasonAndCreatesNoJob() throws Exception {
        assertFault(create(() -> given(), List.of(), "PHASE", "RUN"), 400, "UsageFault: no ID given");
        assertFault(create(() -> given(), List.of("3425114819445915650"), "PHASE", "RUN"), 400,
                "UsageFault: '3425114819445915650' is not an IVOA identifier");
        assertThat(jobsNaming("3425114819445915650")).isZero();
        String id = sourceId(source(43));
        assertFault(create(() -> given(), List.of(id), "PHASE", "GO"), 400, "UsageFault: PHASE='GO'");
        assertThat(jobsNaming(id)).isZero();
        String job = created(create(() -> given(), List.of(id)));
        assertFault(given().queryParam("WAIT", "soon").when().get(job), 400, "UsageFault: WAIT must be");
        assertFault(given().formParam("ACTION", "KEEP").when().post(job), 400, "UsageFault: ACTION='KEEP'");
    }

    @Test
    void aSelectionAboveTheAsyncLimitIs413AndTheSyncLimitPointsToAsync() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) { // %test.cutmerge.async.max-rows=1000
            ids.add(sourceId(1_000_000L + i));
        }
        assertFault(create(() -> given(), ids, "PHASE", "RUN"), 413,
                "UsageFault: the selection has 1001 IDs, more than the 1000 rows one request may extract "
                        + "(cutmerge.async.max-rows)");
        RequestSpecification sync = given();
        for (String id : ids.subList(0, 501)) { // %test.cutmerge.max-rows=500
            sync = sync.formParam("ID", id);
        }
        assertFault(sync.when().post("/cutmerge"), 413, "use the asynchronous endpoint /cutmerge/async (up to 1000 rows)");
    }

    @Test
    void aJobOfRowsTheCatalogueLacksEndsInErrorWithTheFault() {
        String job = created(create(() -> given(), List.of(sourceId(12345)), "PHASE", "RUN"));
        XmlPath done = Uws.awaitEnd(() -> given(), job);
        assertThat(done.getString("job.phase")).isEqualTo("ERROR");
        assertThat(done.getString("job.errorSummary.message")).startsWith("NotFoundFault: 1 ID(s) name no row");
        assertThat(given().when().get(job + "/error").then().statusCode(200).extract().asString())
                .startsWith("NotFoundFault: 1 ID(s) name no row");
        assertFault(given().when().get(job + "/results/result"), 404, "has no result: it is ERROR");
    }

    @Test
    void privateRowsAreRefusedBeforeAnyJobExistsAndJobsBelongToTheirOwner() throws Exception {
        String privateRow = "ivo://" + AUTHORITY + "/secret.completesource?" + source(9);   // group gaia
        Response anonymous = create(() -> given(), List.of(privateRow), "PHASE", "RUN");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().getValues("WWW-Authenticate")).contains("Basic realm=\"archive\"");
        String bob = Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD);
        String bobsRequest = UUID.randomUUID().toString();
        Response refused = create(() -> given().auth().oauth2(bob).header("X-Request-Id", bobsRequest),
                List.of(privateRow), "PHASE", "RUN");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.asString()).contains("collection secret is private to the members of group gaia");
        assertThat(jobsNaming(privateRow)).as("nothing stored, nothing run").isZero();
        JsonNode refusal = AuditEvents.awaitRequest(kafka, "bob", bobsRequest);
        assertThat(refusal.get("action").asText()).isEqualTo("download");
        assertThat(refusal.get("status").asInt()).isEqualTo(403);
        assertThat(refusal.get("object").asText()).isEqualTo(privateRow);

        String alice = Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        String job = created(create(() -> given().auth().oauth2(alice), List.of(privateRow), "PHASE", "RUN"));
        XmlPath done = Uws.awaitEnd(() -> given().auth().oauth2(alice), job);
        assertThat(done.getString("job.phase")).isEqualTo("COMPLETED");
        assertThat(done.getString("job.ownerId")).isEqualTo("alice");
        assertThat(given().when().get(job).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(given().auth().oauth2(bob).when().get(job + "/results/result").statusCode()).isEqualTo(403);
        assertThat(given().auth().oauth2(bob).when().get("/cutmerge/async").then().statusCode(200).extract()
                .xmlPath().getList("jobs.jobref.@id")).doesNotContain(job.substring(job.lastIndexOf('/') + 1));

        String download = UUID.randomUUID().toString();
        byte[] body = given().auth().oauth2(alice).header("X-Request-Id", download).when().get(job + "/results/result")
                .then().statusCode(200).extract().asByteArray();
        JsonNode event = AuditEvents.awaitRequest(kafka, "alice", download);
        assertThat(event.get("action").asText()).isEqualTo("download");
        assertThat(event.get("object").asText()).isEqualTo(privateRow);
        assertThat(event.get("bytes").asLong()).isEqualTo(body.length);
        assertThat(event.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void aJobWhoseInstanceStoppedEndsInErrorAndAQueuedJobNobodyTookIsRun() throws Exception {
        String orphan = UUID.randomUUID().toString();
        String stalled = UUID.randomUUID().toString();
        try (Connection connection = state.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO cutmerge.jobs (job_id, phase, ids, "
                     + "start_time, execution_duration, destruction, instance_id, heartbeat) VALUES (?, ?, ?, now(), "
                     + "3600, now() + interval '1 day', ?, now() - interval '1 hour')")) {
            // an instance that died while executing, and one that died after queueing (UWS phases in the store)
            insert.setString(1, orphan);
            insert.setString(2, "EXECUTING");
            insert.setArray(3, connection.createArrayOf("text", new String[] {sourceId(source(44))}));
            insert.setString(4, "a-dead-instance");
            insert.executeUpdate();
            insert.setString(1, stalled);
            insert.setString(2, "QUEUED");
            insert.setArray(3, connection.createArrayOf("text", new String[] {sourceId(source(45))}));
            insert.setString(4, null);
            insert.executeUpdate();
        }
        XmlPath failed = Uws.awaitEnd(() -> given(), "/cutmerge/async/" + orphan);
        assertThat(failed.getString("job.phase")).isEqualTo("ERROR");
        assertThat(failed.getString("job.errorSummary.message"))
                .contains("the cutmerge-service instance executing this job stopped");
        XmlPath taken = Uws.awaitEnd(() -> given(), "/cutmerge/async/" + stalled);
        assertThat(taken.getString("job.phase")).isEqualTo("COMPLETED");
        assertThat(taken.getString("job.jobInfo.progress.@rowsDone")).isEqualTo("1");
    }
}

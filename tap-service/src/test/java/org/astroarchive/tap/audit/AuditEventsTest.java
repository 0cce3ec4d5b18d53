package org.astroarchive.tap.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.AuditEvents;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 6: every sync query and async job ends in an audit event on audit.events.v1, read back from the broker. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class AuditEventsTest {

    private static final String QUERY = "SELECT obs_id, s_ra, s_dec FROM ivoa.obscore WHERE obs_collection = 'adqlcases' ORDER BY obs_id";
    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @BeforeEach
    void fixture() throws Exception {
        TapFixtures.insertObscoreRows(dataSource);
    }

    @Test
    void aSyncQueryIsAuditedWithItsRowsBytesAndRequestId() throws Exception {
        String token = Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        String requestId = UUID.randomUUID().toString();
        Instant before = Instant.now();
        byte[] body = given().auth().oauth2(token).header("X-Request-Id", requestId).header("User-Agent", "audit-test/1.0")
                .queryParam("LANG", "ADQL").queryParam("QUERY", QUERY)
                .when().get("/tap/sync").then().statusCode(200).extract().asByteArray();

        JsonNode event = AuditEvents.await(kafka, "alice", e -> requestId.equals(e.path("requestId").asText()));
        assertThat(event.get("service").asText()).isEqualTo("tap-service");
        assertThat(event.get("action").asText()).isEqualTo("query");
        assertThat(event.get("user").asText()).isEqualTo("alice");
        assertThat(event.get("client").asText()).isEqualTo("audit-test/1.0");
        assertThat(event.get("object").asText()).isEqualTo(QUERY);
        assertThat(event.get("rows").asLong()).isEqualTo(3);
        assertThat(event.get("bytes").asLong()).isEqualTo(body.length);
        assertThat(event.get("status").asInt()).isEqualTo(200);
        assertThat(event.get("outcome").asText()).isEqualTo("success");
        assertThat(event.has("error")).isFalse();
        assertThat(event.get("durationMs").asLong()).isBetween(0L, Duration.between(before, Instant.now()).toMillis());
        assertThat(Instant.parse(event.get("time").asText())).isBetween(before, Instant.now());
    }

    @Test
    void aBadQueryIsAuditedAsAFailureWithTheClientIdAsClient() throws Exception {
        String clientId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        byte[] body = given().header("X-Request-Id", requestId)
                .queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT nonsense FROM").queryParam("clientId", clientId)
                .when().get("/tap/sync").then().statusCode(400).extract().asByteArray();

        JsonNode event = AuditEvents.await(kafka, "anonymous", e -> requestId.equals(e.path("requestId").asText()));
        assertThat(event.get("action").asText()).isEqualTo("query");
        assertThat(event.get("client").asText()).isEqualTo(clientId);
        assertThat(event.get("object").asText()).isEqualTo("SELECT nonsense FROM");
        assertThat(event.get("rows").asLong()).isZero();
        assertThat(event.get("bytes").asLong()).isEqualTo(body.length);
        assertThat(event.get("status").asInt()).isEqualTo(400);
        assertThat(event.get("outcome").asText()).isEqualTo("failure");
        assertThat(event.get("error").asText()).isNotBlank();
    }

    @Test
    void anAsyncJobIsAuditedWhenItEnds() throws Exception {
        String token = Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        // a query of its own, to find this job's event among the others
        String query = "SELECT obs_id FROM ivoa.obscore WHERE obs_collection = 'adqlcases' AND obs_id <> '"
                + UUID.randomUUID() + "'";
        String job = given().config(RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig().followRedirects(false)))
                .auth().oauth2(token).formParam("LANG", "ADQL").formParam("QUERY", query).formParam("PHASE", "RUN")
                .when().post("/tap/async").then().statusCode(303).extract().header("Location");

        JsonNode event = AuditEvents.await(kafka, "alice", e -> query.equals(e.path("object").asText()));
        assertThat(event.get("action").asText()).isEqualTo("job");
        assertThat(event.get("rows").asLong()).isEqualTo(3);
        assertThat(event.get("status").asInt()).isEqualTo(200);
        assertThat(event.get("outcome").asText()).isEqualTo("success");
        byte[] result = given().auth().oauth2(token).when().get(job + "/results/result").then().statusCode(200)
                .extract().asByteArray();
        assertThat(event.get("bytes").asLong()).isEqualTo(result.length);
    }
}

package org.astroarchive.datalink.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.datalink.DataLinkFixtures.AUTHORITY;
import static org.astroarchive.datalink.DataLinkFixtures.SOURCE_A;
import static org.astroarchive.datalink.DataLinkFixtures.parse;
import static org.astroarchive.datalink.DataLinkFixtures.sourceId;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.astroarchive.datalink.DataLinkFixtures;
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

/**
 * Issue 6: every DataLink request (the links, and the presigned progenitor URLs among them, handed to a user) is an
 * audit event on audit.events.v1, read back here from a real Kafka broker with all its fields.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class AuditEventsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    // datalink-service has no Kafka of its own: the property exists only under KafkaResource, and a default keeps the
    // other test classes of this module (started without it) deployable
    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "unset")
    String kafka;

    @BeforeEach
    void loadFixtures() throws Exception {
        DataLinkFixtures.load(dataSource, minio);
    }

    @Test
    void theLinksOfARowAreAuditedWithTheirCount() throws Exception {
        String requestId = UUID.randomUUID().toString();
        Instant before = Instant.now();
        byte[] body = given().auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD))
                .header("X-Request-Id", requestId).header("User-Agent", "audit-test/1.0")
                .queryParam("ID", sourceId(SOURCE_A)).when().get("/datalink").then().statusCode(200).extract().asByteArray();
        long links = parse(body).getRowCount();

        JsonNode event = AuditEvents.awaitRequest(kafka, "alice", requestId);
        assertThat(Instant.parse(event.get("time").asText())).isBetween(before, Instant.now());
        assertThat(event.get("service").asText()).isEqualTo("datalink-service");
        assertThat(event.get("action").asText()).isEqualTo("links");
        assertThat(event.get("user").asText()).isEqualTo("alice");
        assertThat(event.get("client").asText()).isEqualTo("audit-test/1.0");
        assertThat(event.get("object").asText()).isEqualTo(sourceId(SOURCE_A));
        assertThat(event.get("rows").asLong()).isEqualTo(links).isPositive();
        assertThat(event.has("bytes")).isFalse();
        assertThat(event.get("durationMs").asLong()).isBetween(0L, Duration.between(before, Instant.now()).toMillis());
        assertThat(event.get("status").asInt()).isEqualTo(200);
        assertThat(event.get("outcome").asText()).isEqualTo("success");
        assertThat(event.has("error")).isFalse();
    }

    @Test
    void anAnonymousRequestForAPrivateRowIsAuditedAsRefused() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String privateRow = "ivo://" + AUTHORITY + "/secret.completesource?" + SOURCE_A;
        given().header("X-Request-Id", requestId).queryParam("ID", privateRow).when().get("/datalink").then().statusCode(401);

        JsonNode event = AuditEvents.awaitRequest(kafka, "anonymous", requestId);
        assertThat(event.get("object").asText()).isEqualTo(privateRow);
        assertThat(event.get("status").asInt()).isEqualTo(401);
        assertThat(event.get("outcome").asText()).isEqualTo("failure");
        assertThat(event.get("error").asText()).contains("private collection");
    }

    @Test
    void aRequestRefusedAsAWholeIsAuditedWithItsReason() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String clientId = "not-a-uuid";
        given().header("X-Request-Id", requestId).queryParam("ID", sourceId(SOURCE_A)).queryParam("clientId", clientId)
                .when().get("/datalink").then().statusCode(400);

        JsonNode event = AuditEvents.awaitRequest(kafka, "anonymous", requestId);
        assertThat(event.get("client").asText()).isEqualTo(clientId);
        assertThat(event.get("status").asInt()).isEqualTo(400);
        assertThat(event.has("rows")).isFalse();
        assertThat(event.get("error").asText()).startsWith("UsageFault").contains("is not a UUID");
    }
}

package org.astroarchive.cutmerge.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.cutmerge.CutMergeFixtures.AUTHORITY;
import static org.astroarchive.cutmerge.CutMergeFixtures.FILES;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.astroarchive.cutmerge.CutMergeFixtures;
import org.astroarchive.testsupport.AuditEvents;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 6: every download, refusal and fault ends in an audit event on audit.events.v1, read back from the broker. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class AuditEventsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private String publicRow;
    private String privateRow;

    @BeforeEach
    void rows() throws Exception {
        CutMergeFixtures.load(dataSource, minio);
        long source = CutMergeFixtures.longs(FILES[0], "/CompleteSource/source_id")[3];
        publicRow = CutMergeFixtures.sourceId(source);
        privateRow = "ivo://" + AUTHORITY + "/secret.completesource?" + source;   // group gaia (CutMergeFixtures)
    }

    @Test
    void aCutAndMergeDownloadIsAuditedWithItsBytesAfterTheLastByte() throws Exception {
        String requestId = UUID.randomUUID().toString();
        Instant before = Instant.now();
        byte[] body = given().auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD))
                .header("X-Request-Id", requestId).header("User-Agent", "audit-test/1.0")
                .queryParam("ID", publicRow).queryParam("ID", privateRow)
                .when().get("/cutmerge").then().statusCode(200).extract().asByteArray();

        JsonNode event = AuditEvents.awaitRequest(kafka, "alice", requestId);
        assertThat(event.get("time").asText()).satisfies(time -> assertThat(Instant.parse(time)).isBetween(before, Instant.now()));
        assertThat(event.get("service").asText()).isEqualTo("cutmerge-service");
        assertThat(event.get("action").asText()).isEqualTo("download");
        assertThat(event.get("user").asText()).isEqualTo("alice");
        assertThat(event.get("client").asText()).isEqualTo("audit-test/1.0");
        assertThat(event.get("object").asText()).isEqualTo(publicRow + " " + privateRow);
        assertThat(event.has("rows")).isFalse();
        assertThat(event.get("bytes").asLong()).isEqualTo(body.length);
        assertThat(event.get("durationMs").asLong()).isBetween(0L, Duration.between(before, Instant.now()).toMillis());
        assertThat(event.get("status").asInt()).isEqualTo(200);
        assertThat(event.get("outcome").asText()).isEqualTo("success");
        assertThat(event.has("error")).isFalse();
        assertThat(event.get("requestId").asText()).isEqualTo(requestId);
    }

    @Test
    void aRefusalOfAPrivateCollectionIsAudited() throws Exception {
        String requestId = UUID.randomUUID().toString();
        given().auth().oauth2(Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD)).header("X-Request-Id", requestId)
                .queryParam("ID", privateRow).when().get("/cutmerge").then().statusCode(403);

        JsonNode event = AuditEvents.awaitRequest(kafka, "bob", requestId);
        assertThat(event.get("action").asText()).isEqualTo("download");
        assertThat(event.get("object").asText()).isEqualTo(privateRow);
        assertThat(event.get("status").asInt()).isEqualTo(403);
        assertThat(event.get("outcome").asText()).isEqualTo("failure");
        assertThat(event.get("error").asText()).contains("private to the members of group gaia");
    }

    @Test
    void aSodaUsageFaultIsAuditedWithTheClientIdAsClient() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        byte[] body = given().header("X-Request-Id", requestId)
                .queryParam("ID", "ivo://" + AUTHORITY + "/fermi?fermi:x.fits").queryParam("POS", "BOX 1 2 3 4")
                .queryParam("clientId", clientId)
                .when().get("/soda").then().statusCode(400).extract().asByteArray();

        JsonNode event = AuditEvents.awaitRequest(kafka, "anonymous", requestId);
        assertThat(event.get("action").asText()).isEqualTo("download");
        assertThat(event.get("client").asText()).isEqualTo(clientId);
        assertThat(event.get("bytes").asLong()).isEqualTo(body.length);
        assertThat(event.get("status").asInt()).isEqualTo(400);
        assertThat(event.get("outcome").asText()).isEqualTo("failure");
        assertThat(event.get("object").asText()).isEqualTo("ivo://" + AUTHORITY + "/fermi?fermi:x.fits");
        assertThat(event.get("error").asText()).startsWith("UsageFault: POS='BOX 1 2 3 4' is malformed");
    }
}

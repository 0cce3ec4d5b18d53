package org.astroarchive.importer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.astroarchive.contracts.Did;
import org.astroarchive.testsupport.AuditEvents;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: only archive operators (group archive-operators) write to the archive, checked by the importer itself
 * against the real Keycloak; everyone may read the collection descriptions. Every upload is an audit event.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
class OperatorAuthorizationTest {

    private static final Path AZP = Path.of("src/test/resources/samples/fits/1904-66_AZP.fits");
    private static final String NOTES = """
            {"collection": "authz", "description": "FITS notes", "format": "fits", "targetTable": "ivoa.obscore",
             "columns": [{"column": "dataproduct_type", "forced": "image"}, {"column": "calib_level", "default": 2}]}""";

    @Inject
    MinioClient minio;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void anonymousUploadsAreChallengedAndStoreNothing() throws Exception {
        Response response = given().contentType("application/octet-stream").body(Files.readAllBytes(AZP))
                .when().put("/api/files/images/anon.fits?scope=authz");
        response.then().statusCode(401);
        // RFC 7235 §4.1: both ways of logging in are offered (TOPCAT and curl use Basic, scripts Bearer)
        assertThat(response.headers().getValues("WWW-Authenticate"))
                .anySatisfy(value -> assertThat(value).startsWith("Basic"))
                .anySatisfy(value -> assertThat(value).startsWith("Bearer"));
        assertNotStored(new Did("authz", "anon.fits"));
    }

    @Test
    void usersOutsideTheOperatorsGroupAreRefusedWithTheReason() throws Exception {
        // bob is in no group, alice reads Gaia but is no operator: both 403, whichever way they log in
        given().auth().preemptive().basic(Keycloak.BOB, Keycloak.BOB_PASSWORD).contentType("application/octet-stream")
                .body(Files.readAllBytes(AZP)).when().put("/api/files/images/bob.fits?scope=authz")
                .then().statusCode(403).body(containsString("group archive-operators, and bob is not one"));
        given().auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD))
                .contentType("application/octet-stream").body(Files.readAllBytes(AZP))
                .when().put("/api/files/images/alice.fits?scope=authz")
                .then().statusCode(403).body(containsString("alice is not one"));
        assertNotStored(new Did("authz", "bob.fits"));
        assertNotStored(new Did("authz", "alice.fits"));
    }

    @Test
    void anOperatorUploadsWithBasicOrBearerAndTheUploadIsAudited() throws Exception {
        String requestId = UUID.randomUUID().toString();
        byte[] bytes = Files.readAllBytes(AZP);
        asOperator().header("X-Request-Id", requestId).header("User-Agent", "authz-test/1.0")
                .contentType("application/octet-stream").body(bytes)
                .when().put("/api/files/images/basic.fits?scope=authz").then().statusCode(201);
        given().auth().oauth2(Keycloak.shared().token(Keycloak.OPERATOR, Keycloak.OPERATOR_PASSWORD))
                .contentType("application/octet-stream").body(bytes)
                .when().put("/api/files/images/bearer.fits?scope=authz").then().statusCode(201);
        minio.statObject(StatObjectArgs.builder().bucket("rse-local").object(new Did("authz", "bearer.fits").objectKey()).build());

        JsonNode event = AuditEvents.awaitRequest(kafka, Keycloak.OPERATOR, requestId);
        assertThat(event.get("service").asText()).isEqualTo("importer-service");
        assertThat(event.get("action").asText()).isEqualTo("upload");
        assertThat(event.get("client").asText()).isEqualTo("authz-test/1.0");
        assertThat(event.get("object").asText()).isEqualTo("authz:basic.fits");
        assertThat(event.get("bytes").asLong()).isEqualTo(bytes.length);
        assertThat(event.get("status").asInt()).isEqualTo(201);
        assertThat(event.get("outcome").asText()).isEqualTo("success");
    }

    @Test
    void aRefusedUploadIsAuditedWithItsReason() throws Exception {
        String requestId = UUID.randomUUID().toString();
        given().header("X-Request-Id", requestId).contentType("application/octet-stream").body(new byte[] {1, 2, 3})
                .when().put("/api/files/images/refused.fits?scope=authz").then().statusCode(401);

        JsonNode event = AuditEvents.awaitRequest(kafka, "anonymous", requestId);
        assertThat(event.get("action").asText()).isEqualTo("upload");
        assertThat(event.get("object").asText()).isEqualTo("images/refused.fits");
        assertThat(event.get("status").asInt()).isEqualTo(401);
        assertThat(event.get("error").asText()).contains("archive operator");
    }

    @Test
    void descriptionsAreReadByAnyoneAndChangedByOperatorsOnly() {
        given().get("/api/collections").then().statusCode(200).body("collection", hasItems("images", "gaia"));
        given().contentType("application/json").body(NOTES).when().put("/api/collections/authz").then().statusCode(401);
        given().auth().preemptive().basic(Keycloak.BOB, Keycloak.BOB_PASSWORD).contentType("application/json").body(NOTES)
                .when().put("/api/collections/authz").then().statusCode(403);
        given().get("/api/collections/authz").then().statusCode(404);

        asOperator().contentType("application/json").body(NOTES).when().put("/api/collections/authz")
                .then().statusCode(201).body("version", equalTo(1));
    }

    @Test
    void wrongOperatorCredentialsAreRefusedNotTreatedAsAnonymous() {
        given().auth().preemptive().basic(Keycloak.OPERATOR, "wrong-password").contentType("application/octet-stream")
                .body(new byte[] {1}).when().put("/api/files/images/wrong.fits?scope=authz")
                .then().statusCode(401);
    }

    private void assertNotStored(Did did) {
        assertThatThrownBy(() -> minio.statObject(StatObjectArgs.builder().bucket("rse-local").object(did.objectKey()).build()))
                .isInstanceOf(ErrorResponseException.class);
    }
}

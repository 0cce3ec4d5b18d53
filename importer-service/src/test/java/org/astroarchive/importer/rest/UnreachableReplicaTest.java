package org.astroarchive.importer.rest;

import static io.restassured.RestAssured.given;
import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.Topics;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.TestTopics;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A replica storage element whose S3 endpoint cannot be reached: the upload fails clearly and nothing is announced. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(ReplicaEndpoints.Unreachable.class)
class UnreachableReplicaTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void anUnreachableReplicaEndpointFailsTheUploadNamingItAndNothingIsAnnounced() throws Exception {
        // read here: an injected property would be required of every test class's application
        String endpoint = ConfigProvider.getConfig().getValue("importer.replicas.REMOTE_DOWN.endpoint", String.class);
        Did did = new Did("down1", "1904-66_AZP.fits");
        asOperator().contentType("application/octet-stream")
                .body(Path.of("src/test/resources/samples/fits/1904-66_AZP.fits").toFile())
                .when().put("/api/files/images/1904-66_AZP.fits?scope=down1")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("title", equalTo("Storage unavailable"))
                .body("detail", containsString("replica RSE REMOTE_DOWN"))
                .body("detail", containsString("S3 endpoint " + endpoint))
                .body("detail", containsString("rse-remote/" + did.objectKey()))
                .body("hint", containsString("nothing was published"));

        // no FileIngested record, so metadata-service never catalogues the file (archive.files, archive.replicas)
        assertThat(TestTopics.valueForKey(kafka, Topics.INGEST_FILES_V1, did.toString(), Duration.ofSeconds(3)))
                .as("a file missing one of its replicas is not announced").isEmpty();
        given().get("/api/status").then().statusCode(200)
                .body("state", equalTo("FAULT"))
                .body("lastError", containsString("REMOTE_DOWN"));
    }
}

package org.astroarchive.importer.rest;

import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
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

/**
 * A replica storage element on an S3 server of its own (a second, real S3Proxy with other credentials), beside the
 * one on the primary endpoint ({@code LOCAL_S3_2} of the test configuration).
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(ReplicaEndpoints.SecondS3.class)
class RemoteReplicaTest {

    private static final Path AZP = Path.of("src/test/resources/samples/fits/1904-66_AZP.fits");

    @Inject
    MinioClient primary;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void theReplicaIsWrittenAndCheckedOnItsOwnEndpointAndTheRecordSaysWhere() throws Exception {
        // read here: an injected property would be required of every test class's application
        String endpoint = ConfigProvider.getConfig().getValue("importer.replicas.REMOTE_S3.endpoint", String.class);
        byte[] bytes = Files.readAllBytes(AZP);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        Did did = new Did("remote1", "1904-66_AZP.fits");

        asOperator().contentType("application/octet-stream").body(bytes)
                .when().put("/api/files/images/1904-66_AZP.fits?scope=remote1")
                .then().statusCode(201)
                .body("replicas.find { it.rse == 'REMOTE_S3' }.endpoint", equalTo(endpoint));

        // read back from the second server, with its own credentials: the same bytes, and the md5 recorded with them
        MinioClient second = MinioClient.builder().endpoint(endpoint)
                .credentials(ReplicaEndpoints.ACCESS_KEY, ReplicaEndpoints.SECRET_KEY).build();
        try (InputStream stored = second.getObject(GetObjectArgs.builder().bucket(ReplicaEndpoints.BUCKET)
                .object(did.objectKey()).build())) {
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(stored.readAllBytes())))
                    .isEqualTo(md5);
        }
        StatObjectResponse stat = second.statObject(StatObjectArgs.builder().bucket(ReplicaEndpoints.BUCKET)
                .object(did.objectKey()).build());
        assertThat(stat.size()).isEqualTo(bytes.length);
        assertThat(stat.userMetadata()).containsEntry("md5", md5);
        assertThat(primary.bucketExists(BucketExistsArgs.builder().bucket(ReplicaEndpoints.BUCKET).build()))
                .as("the remote RSE's bucket is on the second server only").isFalse();

        JsonNode event = json.readTree(TestTopics.valueForKey(kafka, Topics.INGEST_FILES_V1, did.toString(),
                Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no record for " + did)));
        assertThat(event.get("rse").asText()).isEqualTo("LOCAL_S3");
        assertThat(event.get("replicas")).hasSize(2);
        assertThat(event.at("/replicas/0/rse").asText()).isEqualTo("LOCAL_S3_2");
        assertThat(event.at("/replicas/0/endpoint").isMissingNode()).as("on the primary endpoint: no endpoint").isTrue();
        assertThat(event.at("/replicas/1/rse").asText()).isEqualTo("REMOTE_S3");
        assertThat(event.at("/replicas/1/bucket").asText()).isEqualTo(ReplicaEndpoints.BUCKET);
        assertThat(event.at("/replicas/1/objectKey").asText()).isEqualTo(did.objectKey());
        assertThat(event.at("/replicas/1/endpoint").asText()).isEqualTo(endpoint);
        // the copy on the primary endpoint's second RSE is still made and checked
        try (InputStream local2 = primary.getObject(GetObjectArgs.builder().bucket("rse-second").object(did.objectKey()).build())) {
            assertThat(local2.readAllBytes()).isEqualTo(bytes);
        }
    }
}

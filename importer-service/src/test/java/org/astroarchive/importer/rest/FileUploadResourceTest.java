package org.astroarchive.importer.rest;

import static io.restassured.RestAssured.given;
import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.Topics;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.TestTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Uploads through HTTP into a real S3 server and a real Kafka broker. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
class FileUploadResourceTest {

    private static final Path AZP = Path.of("src/test/resources/samples/fits/1904-66_AZP.fits");

    @Inject
    MinioClient minio;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void storesTheFileUnderItsDidAndPublishesItsMetadata() throws Exception {
        byte[] bytes = Files.readAllBytes(AZP);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        Did did = new Did("upload1", "1904-66_AZP.fits");

        asOperator().contentType("application/octet-stream").body(bytes)
                .when().put("/api/files/images/1904-66_AZP.fits?scope=upload1")
                .then().statusCode(201)
                .body("did", equalTo(did.toString()))
                .body("objectKey", equalTo(did.objectKey()))
                .body("md5", equalTo(md5))
                .body("bytes", equalTo(bytes.length));

        try (InputStream stored = minio.getObject(GetObjectArgs.builder().bucket("rse-local").object(did.objectKey()).build())) {
            assertThat(stored.readAllBytes()).isEqualTo(bytes);
        }
        String record = TestTopics.valueForKey(kafka, Topics.INGEST_FILES_V1, did.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no record for " + did + " on " + Topics.INGEST_FILES_V1));
        JsonNode event = json.readTree(record);
        assertThat(event.get("md5").asText()).isEqualTo(md5);
        assertThat(event.get("rse").asText()).isEqualTo("LOCAL_S3");
        // and a checked replica on the second storage element, under the same key
        assertThat(event.at("/replicas/0/rse").asText()).isEqualTo("LOCAL_S3_2");
        assertThat(event.at("/replicas/0/bucket").asText()).isEqualTo("rse-second");
        try (InputStream replica = minio.getObject(GetObjectArgs.builder().bucket("rse-second").object(did.objectKey()).build())) {
            assertThat(replica.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(event.at("/metadata/s_xel1").asLong()).isEqualTo(192);
        assertThat(event.at("/metadata/s_dec").asDouble()).isEqualTo(-90.0);
    }

    @Test
    void quarantinesATruncatedFileAndReportsItOnTheDeadLetterTopic() throws Exception {
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(AZP), 2880 * 20);
        Did did = new Did("upload2", "cut.fits");

        asOperator().contentType("application/octet-stream").body(truncated)
                .when().put("/api/files/images/cut.fits?scope=upload2")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("truncated"))
                .body("hint", containsString("quarantine"));

        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, did.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + did));
        assertThat(json.readTree(letter).get("reason").asText()).contains("truncated");
        var quarantined = minio.statObject(StatObjectArgs.builder().bucket("quarantine").object(did.objectKey()).build());
        assertThat(quarantined.size()).isEqualTo(truncated.length);
        assertThat(quarantined.userMetadata().get("reason")).contains("truncated");
        assertThat(TestTopics.valueForKey(kafka, Topics.INGEST_FILES_V1, did.toString(), Duration.ofSeconds(2)))
                .as("nothing of a rejected file reaches the metadata topic").isEmpty();
    }

    @Test
    void theSendersChecksumsAreCheckedAndAMismatchIsQuarantined() throws Exception {
        byte[] bytes = Files.readAllBytes(AZP);
        byte[] digest = MessageDigest.getInstance("MD5").digest(bytes);
        asOperator().contentType("application/octet-stream").header("Content-MD5", java.util.Base64.getEncoder().encodeToString(digest))
                .body(bytes).when().put("/api/files/images/sum-ok.fits?scope=sums").then().statusCode(201);

        byte[] cut = Arrays.copyOf(bytes, bytes.length - 2880); // a transfer that lost its last block
        asOperator().contentType("application/octet-stream").body(cut)
                .when().put("/api/files/images/sum-bad.fits?scope=sums&md5=" + HexFormat.of().formatHex(digest))
                .then().statusCode(422)
                .body("detail", containsString("checksum mismatch: the sender's md5 is " + HexFormat.of().formatHex(digest)));
        Did bad = new Did("sums", "sum-bad.fits");
        assertThat(minio.statObject(StatObjectArgs.builder().bucket("quarantine").object(bad.objectKey()).build()).size())
                .isEqualTo(cut.length);
        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, bad.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + bad));
        assertThat(json.readTree(letter).get("reason").asText()).contains("checksum mismatch");

        asOperator().contentType("application/octet-stream").body(bytes)
                .when().put("/api/files/images/sum-x.fits?scope=sums&adler32=xyz").then().statusCode(400)
                .body("detail", containsString("adler32 'xyz'"));
    }

    @Test
    void theStatusApiCountsFilesAndReportsTheState() {
        int before = given().get("/api/status").then().statusCode(200).extract().path("filesIngested");
        asOperator().contentType("application/octet-stream").body(AZP.toFile())
                .when().put("/api/files/images/status.fits?scope=status").then().statusCode(201);
        given().when().get("/api/status").then().statusCode(200)
                .body("state", equalTo("ON"))
                .body("filesIngested", equalTo(before + 1))
                .body("inProgress", equalTo(0));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'importer' }.data.state", equalTo("ON"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("archive_importer_files_total{outcome=\"ingested\""));
    }

    @Test
    void answersAnUnknownCollectionWith404NamingTheKnownOnes() {
        asOperator().contentType("application/octet-stream").body(new byte[2880])
                .when().put("/api/files/nosuch/x.fits")
                .then().statusCode(404)
                .body("detail", containsString("known collections: "))
                .body("detail", containsString("images"))
                .body("detail", containsString("gaia"));
    }

    @Test
    void refusesANameThatCouldEscapeItsScope() {
        asOperator().contentType("application/octet-stream").body(new byte[2880])
                .when().put("/api/files/images/..%2Fescape.fits")
                .then().statusCode(400);
    }
}

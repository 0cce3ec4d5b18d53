package org.astroarchive.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.Topics;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.PostgresResource;
import org.astroarchive.testsupport.TestTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Records on a real Kafka broker end up as rows in a real PostgreSQL with pgSphere. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
class FileIngestedConsumerTest {

    @Inject
    Pool db;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void storesTheFileItsReplicaAndItsObscoreRow() throws Exception {
        FileIngested event = event("t1:a.fits", "11111111111111111111111111111111", Map.of("s_ra", 10.5, "s_dec", -3, "s_xel1", 192));
        publish(event);

        Row row = awaitRow("SELECT * FROM ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?' || $1", event.did(), r -> true);
        assertThat(row.getDouble("s_ra")).isEqualTo(10.5);
        assertThat(row.getDouble("s_dec")).isEqualTo(-3.0);
        assertThat(row.getLong("s_xel1")).isEqualTo(192L);
        assertThat(row.getString("obs_publisher_did")).isEqualTo("ivo://astroarchive.example/images?t1:a.fits");
        assertThat(row.getString("access_url")).isEqualTo("http://localhost:8080/datalink?ID=ivo%3A%2F%2Fastroarchive.example%2Fimages%3Ft1%3Aa.fits");
        assertThat(row.getString("obs_id")).isEqualTo("a.fits");
        Row replica = awaitRow("SELECT * FROM archive.replicas WHERE did = $1", event.did(), r -> true);
        assertThat(replica.getString("object_key")).isEqualTo(Did.parse(event.did()).objectKey());
    }

    @Test
    void everyReplicaOfAFileIsCataloguedWithTheEndpointOfTheOnesOnAnotherS3Server() throws Exception {
        FileIngested single = event("t5:two.fits", "88888888888888888888888888888888", Map.of());
        FileIngested event = new FileIngested(single.did(), single.collection(), single.targetTable(), single.rse(),
                single.bucket(), single.objectKey(), single.bytes(), single.adler32(), single.md5(), single.contentType(),
                single.ingestedAt(), single.metadata(), java.util.List.of(),
                java.util.List.of(new org.astroarchive.contracts.Replica("LOCAL_S3_2", "rse-second", single.objectKey()),
                        new org.astroarchive.contracts.Replica("REMOTE_S3", "rse-remote", single.objectKey(),
                                "http://s3.rse2.example.org:9000")));
        publish(event);
        Row remote = awaitRow("SELECT * FROM archive.replicas WHERE did = $1 AND rse = 'REMOTE_S3'", event.did(), r -> true);
        assertThat(remote.getString("endpoint")).isEqualTo("http://s3.rse2.example.org:9000");
        assertThat(remote.getString("bucket")).isEqualTo("rse-remote");
        assertThat(count("SELECT count(*) FROM archive.replicas WHERE did = $1", event.did())).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM archive.replicas WHERE did = $1 AND endpoint IS NULL "
                + "AND rse IN ('LOCAL_S3', 'LOCAL_S3_2')", event.did())).as("copies on the primary endpoint").isEqualTo(2);
    }

    @Test
    void ingestingTheSameFileTwiceAddsNothing() throws Exception {
        FileIngested event = event("t2:same.fits", "22222222222222222222222222222222", Map.of("s_ra", 1.0));
        publish(event);
        publish(event);
        // a third, different file sent after both: once it is stored, the duplicates have been consumed
        FileIngested marker = event("t2:marker.fits", "33333333333333333333333333333333", Map.of());
        publish(marker);
        awaitRow("SELECT * FROM archive.files WHERE did = $1", marker.did(), r -> true);

        assertThat(count("SELECT count(*) FROM ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?' || $1", event.did())).isEqualTo(1);
        assertThat(awaitRow("SELECT file_version FROM archive.files WHERE did = $1", event.did(), r -> true)
                .getInteger("file_version")).isEqualTo(1);
    }

    @Test
    void aChangedFileBecomesTheNextVersionAndReplacesItsRow() throws Exception {
        publish(event("t3:changed.fits", "44444444444444444444444444444444", Map.of("s_ra", 1.0)));
        awaitRow("SELECT * FROM ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?' || $1", "t3:changed.fits", r -> true);
        publish(event("t3:changed.fits", "55555555555555555555555555555555", Map.of("s_ra", 2.0)));

        Row file = awaitRow("SELECT file_version, md5 FROM archive.files WHERE did = $1", "t3:changed.fits",
                r -> r.getInteger("file_version") == 2);
        assertThat(file.getString("md5")).isEqualTo("55555555555555555555555555555555");
        assertThat(count("SELECT count(*) FROM ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?' || $1", "t3:changed.fits")).isEqualTo(1);
        assertThat(awaitRow("SELECT s_ra FROM ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?' || $1", "t3:changed.fits", r -> true)
                .getDouble("s_ra")).isEqualTo(2.0);
    }

    @Test
    void aRecordNamingAnUnknownColumnGoesToTheDeadLetterTopicAndIngestionGoesOn() throws Exception {
        FileIngested bad = event("t4:bad.fits", "66666666666666666666666666666666", Map.of("no_such_column", 1));
        publish(bad);
        FileIngested good = event("t4:good.fits", "77777777777777777777777777777777", Map.of());
        publish(good);

        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, bad.did(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + bad.did()));
        assertThat(json.readTree(letter).get("reason").asText()).contains("no_such_column").contains("not a column of ivoa.obscore");
        awaitRow("SELECT * FROM ivoa.obscore WHERE obs_publisher_did = 'ivo://astroarchive.example/images?' || $1", good.did(), r -> true);
        assertThat(count("SELECT count(*) FROM archive.files WHERE did = $1", bad.did()))
                .as("no partial rows of a rejected record").isZero();
    }

    private static FileIngested event(String did, String md5, Map<String, Object> extracted) {
        Map<String, Object> metadata = new HashMap<>(extracted);
        metadata.put("calib_level", 2);
        metadata.put("dataproduct_type", "image");
        return new FileIngested(did, "images", "ivoa.obscore", "LOCAL_S3", "rse-local", Did.parse(did).objectKey(),
                2880, "00000001", md5, "application/fits", Instant.parse("2026-11-22T12:00:00Z"), metadata);
    }

    private void publish(FileIngested event) throws Exception {
        TestTopics.send(kafka, Topics.INGEST_FILES_V1, event.did(), json.writeValueAsString(event));
    }

    private long count(String sql, String did) {
        return db.preparedQuery(sql).execute(Tuple.of(did)).await().indefinitely().iterator().next().getLong(0);
    }

    private Row awaitRow(String sql, String did, Predicate<Row> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Row row : db.preparedQuery(sql).execute(Tuple.of(did)).await().indefinitely()) {
                if (condition.test(row)) {
                    return row;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no row for " + did + " within 30 s: " + sql);
    }
}

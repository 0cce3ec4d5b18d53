package org.astroarchive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The golden samples pin the wire format: a record change that alters them breaks the topic's consumers. */
class GoldenJsonTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void fileIngestedRoundTripsThroughItsGoldenSample() throws IOException {
        assertRoundTrip("golden/file-ingested-v1.json", FileIngested.class);
    }

    @Test
    void aRowFileAnnouncementWithTablesAndReplicasRoundTrips() throws IOException {
        // its replica predates Replica.endpoint: absent in the JSON, null in the record
        FileIngested event = assertRoundTrip("golden/file-ingested-rows-v1.json", FileIngested.class);
        assertThat(event.replicas()).containsExactly(
                new Replica("LOCAL_S3_2", "rse-second", "gaia/87/57/CompleteSource_000.h5", null));
    }

    @Test
    void aReplicaOnItsOwnS3EndpointRoundTripsAndOneOnThePrimaryEndpointHasNone() throws IOException {
        FileIngested event = assertRoundTrip("golden/file-ingested-replica-endpoint-v1.json", FileIngested.class);
        assertThat(event.replicas()).extracting(Replica::endpoint).containsExactly(null, "https://s3.rse2.example.org");
        assertThat(event.copies()).extracting(Replica::rse).containsExactly("LOCAL_S3", "LOCAL_S3_2", "REMOTE_S3");
        assertThat(event.copies().get(0).endpoint()).isNull();
    }

    @Test
    void rowBatchRoundTripsThroughItsGoldenSample() throws IOException {
        assertRoundTrip("golden/row-batch-v1.json", RowBatch.class);
    }

    @Test
    void deadLetterRoundTripsThroughItsGoldenSample() throws IOException {
        assertRoundTrip("golden/dead-letter-v1.json", DeadLetter.class);
    }

    @Test
    void auditEventRoundTripsThroughItsGoldenSample() throws IOException {
        assertRoundTrip("golden/audit-event-v1.json", AuditEvent.class);
    }

    private <T> T assertRoundTrip(String resource, Class<T> type) throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            golden = mapper.readTree(in);
        }
        T record = mapper.treeToValue(golden, type);
        JsonNode written = mapper.valueToTree(record);
        // compared as text: the same JSON whatever numeric node types Jackson picked on each side
        assertThat(written.toString()).isEqualTo(golden.toString());
        return record;
    }
}

package org.astroarchive.importer.rest;

import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.Topics;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.TestTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Fermi FT1 files uploaded into the fermi collection: rows of fermi.photon, read from plain and gzip FITS. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
class FermiUploadTest {

    private static final Path FT1 = Path.of("src/test/resources/samples/fermi/J0030+0451_w323_ft1weights.fits");

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void publishesEveryPhotonOfAGzippedFt1File() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            Files.copy(FT1, out);
        }
        Did did = new Did("fermi1", "ft1.fits.gz");
        asOperator().contentType("application/octet-stream").body(gz.toByteArray())
                .when().put("/api/files/fermi/ft1.fits.gz?scope=fermi1")
                .then().statusCode(201);

        JsonNode event = json.readTree(TestTopics.valueForKey(kafka, Topics.INGEST_FILES_V1, did.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no record for " + did)));
        assertThat(event.at("/tables/0/table").asText()).isEqualTo("fermi.photon");
        assertThat(event.at("/tables/0/keyName").asText()).isEqualTo("EVENTS");
        assertThat(event.at("/tables/0/rowCount").asLong()).isEqualTo(27);
        assertThat(event.get("tables")).hasSize(1);
        JsonNode batch = json.readTree(TestTopics.valueForKey(kafka, Topics.INGEST_ROWS_V1, did.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no row batch for " + did)));
        assertThat(batch.get("rows")).hasSize(27);
        assertThat(batch.at("/columns/2").asText()).isEqualTo("energy");
        assertThat(batch.at("/rows/0/2").asDouble()).isEqualTo(548.5634, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void quarantinesATruncatedFt1File() throws Exception {
        byte[] cut = Arrays.copyOf(Files.readAllBytes(FT1), 27_000);
        asOperator().contentType("application/octet-stream").body(cut)
                .when().put("/api/files/fermi/cut-ft1.fits?scope=fermi2")
                .then().statusCode(422)
                .body("detail", containsString("truncated"));
    }
}

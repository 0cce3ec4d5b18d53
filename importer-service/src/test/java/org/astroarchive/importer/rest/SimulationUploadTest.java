package org.astroarchive.importer.rest;

import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.Topics;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.TestTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Simulation outputs uploaded into the pluto and ramses collections: one row of *.snapshots per file. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
class SimulationUploadTest {

    private static final Path SAMPLES = Path.of("src/test/resources/samples/simulations");

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void publishesOneSnapshotRowForAPlutoHdf5Output() throws Exception {
        JsonNode batch = upload("pluto", "pluto1", "data.0001.dbl.h5", Files.readAllBytes(SAMPLES.resolve("data.0001.dbl.h5")),
                "pluto.snapshots");
        assertThat(value(batch, "code").asText()).isEqualTo("PLUTO");
        assertThat(value(batch, "grid_shape").asText()).isEqualTo("16x16");
        assertThat(value(batch, "snapshot_time").asDouble()).isEqualTo(0.5);
    }

    @Test
    void publishesOneSnapshotRowForARamsesInfoFile() throws Exception {
        JsonNode batch = upload("ramses", "ramses1", "info_00001.txt", Files.readAllBytes(SAMPLES.resolve("info_00001.txt")),
                "ramses.snapshots");
        assertThat(value(batch, "code").asText()).isEqualTo("RAMSES");
        assertThat(value(batch, "levelmax").asLong()).isEqualTo(14);
        assertThat(value(batch, "redshift").asDouble()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void quarantinesAnInfoFileOfGarbage() {
        asOperator().contentType("application/octet-stream").body("GIF89a garbage\n".getBytes(StandardCharsets.US_ASCII))
                .when().put("/api/files/ramses/info_00009.txt?scope=ramses2")
                .then().statusCode(422)
                .body("detail", containsString("not a key = value text file"));
    }

    @Test
    void quarantinesAPlutoFileWithoutATimestepGroup() throws Exception {
        Path file = Files.createTempFile("no-timestep", ".h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putGroup("cell_coords").putDataset("X", new double[] {0.5, 1.5});
        }
        asOperator().contentType("application/octet-stream").body(Files.readAllBytes(file))
                .when().put("/api/files/pluto/data.0009.dbl.h5?scope=pluto2")
                .then().statusCode(422)
                .body("detail", containsString("/Timestep_*"));
        Files.delete(file);
    }

    private JsonNode upload(String collection, String scope, String name, byte[] body, String table) throws Exception {
        Did did = new Did(scope, name);
        asOperator().contentType("application/octet-stream").body(body)
                .when().put("/api/files/" + collection + "/" + name + "?scope=" + scope)
                .then().statusCode(201);
        JsonNode event = json.readTree(TestTopics.valueForKey(kafka, Topics.INGEST_FILES_V1, did.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no record for " + did)));
        assertThat(event.get("tables")).hasSize(1);
        assertThat(event.at("/tables/0/table").asText()).isEqualTo(table);
        assertThat(event.at("/tables/0/rowCount").asLong()).isEqualTo(1);
        JsonNode batch = json.readTree(TestTopics.valueForKey(kafka, Topics.INGEST_ROWS_V1, did.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no row batch for " + did)));
        assertThat(batch.get("rows")).hasSize(1);
        return batch;
    }

    private static JsonNode value(JsonNode batch, String column) {
        for (int c = 0; c < batch.get("columns").size(); c++) {
            if (batch.get("columns").get(c).asText().equals(column)) {
                return batch.at("/rows/0/" + c);
            }
        }
        throw new AssertionError("no column " + column + " in " + batch.get("columns"));
    }
}

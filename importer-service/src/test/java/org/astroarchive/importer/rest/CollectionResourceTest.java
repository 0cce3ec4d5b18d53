package org.astroarchive.importer.rest;

import static io.restassured.RestAssured.given;
import static org.astroarchive.importer.rest.Operator.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.Test;

/** The data description models, versioned in a real PostgreSQL, read and edited through the API. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
class CollectionResourceTest {

    private static final String NOTES = """
            {"collection": "notes", "description": "FITS notes", "format": "fits", "targetTable": "ivoa.obscore",
             "columns": [{"column": "dataproduct_type", "forced": "image"}, {"column": "calib_level", "default": %d},
                         {"column": "target_name", "source": "OBJECT"}]}""";

    @Test
    void theBundledDescriptionsAreSeededAsVersions() {
        given().get("/api/collections").then().statusCode(200)
                .body("collection", hasItems("images", "gaia", "fermi"))
                .body("find { it.collection == 'gaia' }.origin", equalTo("bundled"))
                .body("find { it.collection == 'gaia' }.format", equalTo("hdf5"));
        given().get("/api/collections/gaia").then().statusCode(200)
                .body("tables.table", hasItems("gaia.completesource", "gaia.astroelementary", "gaia.crossmatch"));
    }

    @Test
    void aNewCollectionIsAddedWithoutCodeAndEachChangeIsANewVersion() throws Exception {
        asOperator().contentType("application/json").body(NOTES.formatted(2)).put("/api/collections/notes")
                .then().statusCode(201).body("version", equalTo(1));
        asOperator().contentType("application/json").body(NOTES.formatted(2)).put("/api/collections/notes")
                .then().statusCode(200).body("version", equalTo(1)).body("created", equalTo(false));
        asOperator().contentType("application/json").body(NOTES.formatted(3)).put("/api/collections/notes")
                .then().statusCode(201).body("version", equalTo(2));

        given().get("/api/collections/notes").then().statusCode(200).header("X-Collection-Version", "2")
                .body("columns.find { it.column == 'calib_level' }.default", equalTo(3));
        given().get("/api/collections/notes/versions/1").then().statusCode(200)
                .body("columns.find { it.column == 'calib_level' }.default", equalTo(2));
        given().get("/api/collections/notes/versions").then().statusCode(200).body("version", hasItems(1, 2));

        // and it is in force at once: a FITS file uploaded into it is accepted
        asOperator().contentType("application/octet-stream")
                .body(Files.readAllBytes(Path.of("src/test/resources/samples/fits/1904-66_AZP.fits")))
                .put("/api/files/notes/azp.fits").then().statusCode(201).body("collection", equalTo("notes"));
    }

    @Test
    void aTableLevelMustFitTheFormat() {
        asOperator().contentType("application/json")
                .body("""
                        {"collection": "runs", "format": "text", "tables": [
                          {"table": "runs.info", "source": "info", "columns": [{"column": "ncpu", "source": "ncpu"}]},
                          {"table": "runs.other", "source": "info", "level": "everything",
                           "columns": [{"column": "ndim", "source": "ndim"}]}]}""")
                .put("/api/collections/runs")
                .then().statusCode(400)
                .body("detail", containsString("runs.info: a text file gives one row per file"))
                .body("detail", containsString("\"level\" must be rows or file, not 'everything'"));
    }

    @Test
    void anInvalidDescriptionIsRefusedWithEveryProblemNamed() {
        asOperator().contentType("application/json")
                .body("""
                        {"collection": "other", "format": "parquet", "tables": [{"table": "NoSchema", "source": "/x",
                         "columns": [{"column": "Bad Name", "source": "a", "conversion": "furlongs"},
                                     {"column": "time", "source": "TIME"},
                                     {"column": "exposure", "source": "EXPTIME", "when": {"keyword": "EXPTIME/comment", "matches": "[ms"}}]}]}""")
                .put("/api/collections/broken")
                .then().statusCode(400)
                .body("detail", containsString("stored as 'broken'"))
                .body("detail", containsString("fits, hdf5, text, votable or csv"))
                .body("detail", containsString("schema.table"))
                .body("detail", containsString("lower-case identifier"))
                .body("detail", containsString("unknown conversion 'furlongs'"))
                .body("detail", containsString("'time' is an ADQL reserved word"))
                .body("detail", containsString("\"matches\" is not a regular expression"));
        asOperator().contentType("application/json").body("{not json").put("/api/collections/broken")
                .then().statusCode(400).body("detail", containsString("not JSON"));
        given().get("/api/collections/broken").then().statusCode(404);
    }
}

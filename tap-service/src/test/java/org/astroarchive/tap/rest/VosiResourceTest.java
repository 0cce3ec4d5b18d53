package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class VosiResourceTest {

    @Test
    void reportsAvailableWhileTheDatabaseAnswers() {
        given().when().get("/tap/availability")
                .then().statusCode(200).contentType(containsString("xml"))
                .body(containsString("<vosi:available>true</vosi:available>"));
    }

    @Test
    void declaresTheTapAndVosiCapabilitiesWithTheirUrls() {
        given().when().get("/tap/capabilities")
                .then().statusCode(200)
                .body(containsString("standardID=\"ivo://ivoa.net/std/TAP\""))
                .body(containsString("ivo://ivoa.net/std/VOSI#tables-1.1"))
                .body(containsString("/tap</accessURL>"))
                .body(containsString("<hard unit=\"row\">"));
    }

    @Test
    void declaresTheHealpixUdfsOfTheUdfCatalogue() {
        // TAPRegExt 1.0 §2.3: one form per feature, as taplint reads it: name(args) -> type
        given().when().get("/tap/capabilities")
                .then().statusCode(200)
                .body(containsString("<form>ivo_healpix_index(order INTEGER, ra DOUBLE, dec DOUBLE) -&gt; BIGINT</form>"))
                .body(containsString("<form>ivo_healpix_center(order INTEGER, index BIGINT) -&gt; POINT</form>"));
    }

    @Test
    void listsThePublishedTablesAndColumnsButNoInternalTables() {
        given().when().get("/tap/tables")
                .then().statusCode(200)
                .body(containsString("<name>ivoa.obscore</name>"))
                .body(containsString("<name>s_region</name>"))
                .body(containsString("<ucd>pos.eq.ra</ucd>"))
                .body(containsString("<name>tap_schema.columns</name>"))
                .body(containsString("<targetTable>tap_schema.schemas</targetTable>"))
                .body(not(containsString("archive.files")));
    }

    @Test
    void leavesColumnsOutWithDetailMin() {
        given().queryParam("detail", "min").when().get("/tap/tables")
                .then().statusCode(200)
                .body(containsString("<name>ivoa.obscore</name>"))
                .body(not(containsString("<column")));
    }

    @Test
    void describesOneTableOrAnswers404() {
        given().when().get("/tap/tables/ivoa.obscore").then().statusCode(200).body(containsString("<name>obs_publisher_did</name>"));
        given().when().get("/tap/tables/archive.files").then().statusCode(404).body(containsString("not published"));
    }
}

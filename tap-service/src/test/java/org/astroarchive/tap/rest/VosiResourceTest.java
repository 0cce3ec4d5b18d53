package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.xml.XmlPath;
import java.util.List;
import java.util.Map;
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

    /** One query per ADQL 2.1 optional feature form; a form declared without a query here fails the test. */
    private static final Map<String, String> FEATURE_QUERIES = Map.ofEntries(
            Map.entry("LOWER", "SELECT LOWER(table_name) FROM tap_schema.tables"),
            Map.entry("UPPER", "SELECT UPPER(table_name) FROM tap_schema.tables"),
            Map.entry("ILIKE", "SELECT table_name FROM tap_schema.tables WHERE table_name ILIKE 'TAP_SCHEMA.%'"),
            Map.entry("WITH", "WITH t AS (SELECT table_name FROM tap_schema.tables) SELECT COUNT(*) FROM t"),
            Map.entry("UNION", "SELECT schema_name FROM tap_schema.schemas UNION SELECT schema_name FROM tap_schema.tables"),
            Map.entry("EXCEPT", "SELECT schema_name FROM tap_schema.schemas EXCEPT SELECT schema_name FROM tap_schema.tables"),
            Map.entry("INTERSECT", "SELECT schema_name FROM tap_schema.schemas INTERSECT SELECT schema_name FROM tap_schema.tables"),
            Map.entry("CAST", "SELECT CAST(column_index AS DOUBLE PRECISION) FROM tap_schema.columns"),
            Map.entry("IN_UNIT", "SELECT IN_UNIT(s_ra, 'rad') FROM ivoa.obscore"),
            Map.entry("OFFSET", "SELECT table_name FROM tap_schema.tables ORDER BY table_name OFFSET 1"));

    @Test
    void declaresAdql21AndEveryOptionalFeatureItDeclaresRuns() {
        XmlPath capabilities = XmlPath.from(given().when().get("/tap/capabilities").then().statusCode(200).extract().asString());
        assertThat(capabilities.getList("**.findAll { it.name() == 'version' }.@ivo-id", String.class))
                .contains("ivo://ivoa.net/std/ADQL#v2.0", "ivo://ivoa.net/std/ADQL#v2.1");
        List<String> forms = capabilities.getList("**.findAll { it.name() == 'form' && it.parent().parent().@type.text()"
                + ".startsWith('ivo://ivoa.net/std/TAPRegExt#features-adql-') }", String.class);
        assertThat(forms).containsExactlyInAnyOrderElementsOf(FEATURE_QUERIES.keySet());
        for (String form : forms) {
            String body = given().formParam("REQUEST", "doQuery").formParam("LANG", "ADQL")
                    .formParam("QUERY", FEATURE_QUERIES.get(form)).post("/tap/sync")
                    .then().statusCode(200).extract().asString();
            assertThat(body).as(form).contains("QUERY_STATUS\" value=\"OK\"").doesNotContain("value=\"ERROR\"");
        }
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

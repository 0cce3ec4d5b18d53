package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.xml.XmlPath;
import java.util.List;
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
class ExamplesResourceTest {

    @Test
    void publishesEveryExampleAsRdfaAndEveryOneRuns() {
        List<ExamplesResource.Example> examples = ExamplesResource.load(new ObjectMapper());
        String page = given().when().get("/tap/examples").then().statusCode(200)
                .contentType(containsString("xhtml")).extract().asString();

        XmlPath xhtml = new XmlPath(XmlPath.CompatibilityMode.XML, page.replaceFirst("<!DOCTYPE[^>]*>", ""));
        assertThat(xhtml.getList("html.body.div.@typeof")).hasSize(examples.size()).containsOnly("example");
        for (ExamplesResource.Example example : examples) {
            assertThat(page).contains("id=\"" + example.id() + "\"");
            given().formParam("LANG", "ADQL").formParam("QUERY", example.query())
                    .when().post("/tap/sync")
                    .then().statusCode(200).body(containsString("value=\"OK\""));
        }
    }

    @Test
    void isDeclaredInTheCapabilities() {
        given().when().get("/tap/capabilities").then().statusCode(200)
                .body(containsString("ivo://ivoa.net/std/DALI#examples"))
                .body(containsString("/tap/examples</accessURL>"));
    }
}

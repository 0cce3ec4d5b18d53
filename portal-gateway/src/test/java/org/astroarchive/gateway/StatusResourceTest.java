package org.astroarchive.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.astroarchive.testsupport.LocalComponent;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(StatusResourceTest.OneUpOneDown.class)
class StatusResourceTest {

    /** "tap" is the gateway itself (ready), "importer" a loopback port where nothing listens. */
    public static class OneUpOneDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = LocalComponent.freePort();
            return Map.of("quarkus.http.test-port", Integer.toString(port),
                    "gateway.services.tap", "http://127.0.0.1:" + port,
                    "gateway.services.importer", "http://127.0.0.1:" + LocalComponent.freePort());
        }
    }

    @Test
    void reportsEachServiceUpOrDownWithTheReason() {
        given().when().get("/api/status")
                .then().statusCode(200)
                .body("find { it.service == 'tap' }.status", equalTo("UP"))
                .body("find { it.service == 'importer' }.status", equalTo("DOWN"))
                .body("find { it.service == 'importer' }.detail", startsWith("unreachable"));
    }

    @Test
    void servesTheLandingPage() {
        given().when().get("/").then().statusCode(200).body(containsString("TOPCAT"));
    }
}

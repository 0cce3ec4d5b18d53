package org.astroarchive.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.astroarchive.testsupport.LocalComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway forwards each prefix to its service. The "services" here are one small HTTP server that echoes what
 * it received (a fake for this unit test; system-tests run the real services behind the gateway).
 */
@QuarkusTest
@TestProfile(ServiceRoutesTest.EchoBackends.class)
class ServiceRoutesTest {

    static final int ECHO_PORT = LocalComponent.freePort();
    static Vertx vertx;
    static HttpServer echo;

    public static class EchoBackends implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            startEcho();
            String url = "http://127.0.0.1:" + ECHO_PORT;
            return Map.of("gateway.services.tap", url, "gateway.services.datalink", url, "gateway.services.importer", url,
                    "gateway.services.cutmerge", url);
        }
    }

    static synchronized void startEcho() {
        if (echo != null) {
            return;
        }
        vertx = Vertx.vertx();
        try {
            echo = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> request.response()
                    .putHeader("Content-Type", "text/plain")
                    .end(request.method() + " " + request.uri() + " host=" + request.getHeader("Host")
                            + " id=" + request.getHeader("X-Request-Id") + " body=" + body.toString())))
                    .listen(ECHO_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopEcho() {
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void eachProtocolPrefixReachesItsServiceWithPathQueryBodyAndHost() {
        given().queryParam("QUERY", "SELECT 1").get("/tap/sync").then().statusCode(200)
                .body(matchesPattern("GET /tap/sync\\?QUERY=SELECT(\\+|%20)1 host=localhost:\\d+ id=[0-9a-f-]{36} body="));
        given().formParam("REQUEST", "doQuery").post("/tap/async").then().statusCode(200)
                .body(matchesPattern("POST /tap/async host=.* body=REQUEST=doQuery"));
        given().get("/datalink?ID=ivo://x/y?1").then().statusCode(200).body(matchesPattern("GET /datalink\\?ID=.*"));
        given().header("X-Request-Id", "abc").get("/tap/capabilities").then().statusCode(200)
                .header("X-Request-Id", "abc").body(matchesPattern(".* id=abc .*"));
        given().body("bytes").put("/api/files/images/x.fits").then().statusCode(200)
                .body(matchesPattern("PUT /api/files/images/x.fits .* body=bytes"));
        // cutmerge-service's endpoints: Cut & Merge, SODA and the DataLink #preview PNGs
        given().urlEncodingEnabled(false).get("/preview?ID=ivo://x/images%3Fimages:a.fits&SIZE=64").then().statusCode(200)
                .body(matchesPattern("GET /preview\\?ID=ivo://x/images%3Fimages:a.fits&SIZE=64 .*"));
        given().get("/soda?ID=x").then().statusCode(200).body(matchesPattern("GET /soda\\?ID=x .*"));
    }

    /** Files for the importer (up to 2 GB) and TAP uploads (up to 100 MB) are larger than Quarkus' 10 MB default. */
    @Test
    void forwardsBodiesLargerThanTheHttpLayersDefaultLimit() {
        String file = "x".repeat(12_000_000);
        String echoed = given().body(file).put("/api/files/gaia/big.h5").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(echoed).startsWith("PUT /api/files/gaia/big.h5 ").endsWith(" body=" + file);
    }

    @Test
    void theGatewaysOwnPagesAndOtherPrefixesAreNotForwarded() {
        given().get("/api/status").then().statusCode(200).body("find { it.service == 'tap' }.status", equalTo("UP")); // the gateway's own JSON, not the echo
        given().get("/tapestry").then().statusCode(404);
        given().get("/previews").then().statusCode(404);
    }
}

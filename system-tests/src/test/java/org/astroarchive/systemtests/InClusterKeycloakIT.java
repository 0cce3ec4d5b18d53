package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: in a cluster the services reach Keycloak through its in-cluster Service while browsers, the login pages
 * and the tokens' issuer name the public host (deploy/k8s: ARCHIVE_OIDC_URL is
 * {@code http://archive-keycloak-service:8080/realms/archive}; the Keycloak resource has the public hostname and
 * {@code backchannelDynamic}). Here Keycloak's public URL is {@code http://auth.archive.invalid}, a name that never
 * resolves (RFC 6761 §6.4), and tap-service knows only {@code 127.0.0.1}: whatever works, works without the public
 * host being reachable from the service, as a pod that cannot resolve it.
 */
class InClusterKeycloakIT {

    private static final String PUBLIC_URL = "http://auth.archive.invalid";
    private static final String PUBLIC_ISSUER = PUBLIC_URL + "/realms/" + Keycloak.REALM;
    private static final String QUERY = "SELECT TOP 1 table_name FROM TAP_SCHEMA.tables";

    private static LocalComponent keycloak;
    private static QuarkusApp tap;

    @BeforeAll
    static void startKeycloakBehindAPublicName() {
        keycloak = LocalComponent.start(LocalComponent.Kind.KEYCLOAK, Map.of("ARCHIVE_KEYCLOAK_PUBLIC_URL", PUBLIC_URL));
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        tap = QuarkusApp.start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(SharedComponents.get(LocalComponent.Kind.S3)),
                ArchiveConfig.redis(SharedComponents.get(LocalComponent.Kind.REDIS)),
                ArchiveConfig.keycloak(keycloak)));
    }

    @AfterAll
    static void stop() {
        if (tap != null) {
            tap.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void discoveryByTheInternalAddressNamesThePublicIssuerAndInternalBackChannelEndpoints() {
        String internal = Keycloak.of(keycloak).issuer();
        JsonPath discovery = given().get(internal + "/.well-known/openid-configuration").then().statusCode(200)
                .extract().jsonPath();
        // what browsers and tokens see
        assertThat(discovery.getString("issuer")).isEqualTo(PUBLIC_ISSUER);
        assertThat(discovery.getString("authorization_endpoint")).startsWith(PUBLIC_ISSUER + "/");
        // what a service calls itself (Keycloak hostname v2, hostname-backchannel-dynamic)
        assertThat(discovery.getString("token_endpoint")).startsWith(internal + "/");
        assertThat(discovery.getString("jwks_uri")).startsWith(internal + "/");
    }

    @Test
    void aTokenOfThePublicIssuerIsCheckedByAServiceThatKnowsOnlyTheInternalAddress() {
        String token = Keycloak.of(keycloak).token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(JsonPath.from(payload).getString("iss")).isEqualTo(PUBLIC_ISSUER);

        assertThat(sync(given().auth().oauth2(token)).statusCode()).isEqualTo(200);
        // the same token with its signature broken: refused, so the 200 above was a checked token, not anonymity
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(sync(given().auth().oauth2(forged)).statusCode()).isEqualTo(401);
    }

    @Test
    void httpBasicIsCheckedThroughTheInternalTokenEndpoint() {
        assertThat(sync(given().header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD)))
                .statusCode()).isEqualTo(200);
        assertThat(sync(given().header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, "not-her-password")))
                .statusCode()).isEqualTo(401);
    }

    private static Response sync(io.restassured.specification.RequestSpecification request) {
        return request.formParam("REQUEST", "doQuery").formParam("LANG", "ADQL").formParam("QUERY", QUERY)
                .post(tap.url() + "/tap/sync");
    }
}

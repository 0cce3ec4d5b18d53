package org.astroarchive.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.junit.jupiter.api.Test;

/** Callers as a service sees them, against a real Keycloak (realm archive) and the migrated archive database. */
@QuarkusTest
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(MigratedPostgresResource.class)
class SecurityTest {

    private final Keycloak keycloak = Keycloak.shared();

    @Inject
    PasswordGrantClient passwordGrant;
    @Inject
    SecurityConfig config;
    @Inject
    Vertx vertx;

    @Test
    void bearerTokenGivesUserAndGroupsFromTheToken() {
        Response alice = given().auth().oauth2(keycloak.token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD)).get("/test/caller");
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.jsonPath().getString("name")).isEqualTo("alice");
        assertThat(alice.jsonPath().getList("groups")).containsExactly("gaia");
        assertThat(alice.jsonPath().getBoolean("authenticated")).isTrue();

        Response bob = given().auth().oauth2(keycloak.token(Keycloak.BOB, Keycloak.BOB_PASSWORD)).get("/test/caller");
        assertThat(bob.jsonPath().getString("name")).isEqualTo("bob");
        assertThat(bob.jsonPath().getList("groups")).isEmpty();
    }

    @Test
    void basicCredentialsGiveTheSameCallerAsABearerToken() {
        String header = Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        // the second request is served from the credential cache: same answer
        for (int i = 0; i < 2; i++) {
            Response alice = given().header("Authorization", header).get("/test/caller");
            assertThat(alice.statusCode()).isEqualTo(200);
            assertThat(alice.jsonPath().getString("name")).isEqualTo("alice");
            assertThat(alice.jsonPath().getList("groups")).containsExactly("gaia");
            assertThat(alice.jsonPath().getBoolean("authenticated")).isTrue();
        }
    }

    @Test
    void concurrentBasicRequestsWithTheSameCredentialsShareOnePasswordGrant() throws Exception {
        // Keycloak user names are case-insensitive: "BOB" is bob, but not the credentials other tests left in the cache
        String header = Keycloak.basicHeader(Keycloak.BOB.toUpperCase(java.util.Locale.ROOT), Keycloak.BOB_PASSWORD);
        int clients = 20;
        long before = passwordGrant.requestsSent();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().header("Authorization", header).get("/test/caller");
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Response> answer : answers) {
                Response bob = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(bob.statusCode()).as(bob.asString()).isEqualTo(200);
                assertThat(bob.jsonPath().getString("name")).isEqualTo("bob");
            }
        } finally {
            pool.shutdownNow();
        }
        // one grant for the burst (a request arriving after it ended may start another, or use the cache)
        assertThat(passwordGrant.requestsSent() - before).isBetween(1L, 3L);
    }

    @Test
    void wrongBasicPasswordGets401WithBasicAndBearerChallenges() {
        Response wrong = given().header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, "not-her-password"))
                .get("/test/caller");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(challenges(wrong)).containsExactlyInAnyOrder("Basic realm=\"archive\"", "Bearer realm=\"archive\"");

        Response malformed = given().header("Authorization", "Basic %%%").get("/test/caller");
        assertThat(malformed.statusCode()).isEqualTo(401);
    }

    @Test
    void requestWithoutCredentialsIsAnonymousAndPassesUnlessTheResourceIsProtected() {
        Response anonymous = given().get("/test/caller");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.jsonPath().getBoolean("authenticated")).isFalse();
        assertThat(anonymous.jsonPath().getList("groups")).isEmpty();

        Response challenged = given().get("/test/protected");
        assertThat(challenged.statusCode()).isEqualTo(401);
        assertThat(challenges(challenged)).containsExactlyInAnyOrder("Basic realm=\"archive\"", "Bearer realm=\"archive\"");

        Response invalidToken = given().auth().oauth2("not.a.token").get("/test/caller");
        assertThat(invalidToken.statusCode()).isEqualTo(401);
        assertThat(challenges(invalidToken)).anyMatch(challenge -> challenge.startsWith("Bearer"));
    }

    @Test
    void groupGaiaDecidesWhoReadsTheGaiaCollection() {
        String alice = keycloak.token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        String bob = keycloak.token(Keycloak.BOB, Keycloak.BOB_PASSWORD);
        assertThat(canRead(given().auth().oauth2(alice).get("/test/can-read/gaia"))).isTrue();
        assertThat(canRead(given().auth().oauth2(bob).get("/test/can-read/gaia"))).isFalse();
        assertThat(canRead(given().header("Authorization", Keycloak.basicHeader(Keycloak.BOB, Keycloak.BOB_PASSWORD))
                .get("/test/can-read/gaia"))).isFalse();
        assertThat(canRead(given().get("/test/can-read/gaia"))).isFalse();
        // Fermi is public
        assertThat(canRead(given().auth().oauth2(bob).get("/test/can-read/fermi"))).isTrue();
        assertThat(canRead(given().get("/test/can-read/fermi"))).isTrue();
    }

    @Test
    void passwordGrantTellsWrongCredentialsFromAnUnreachableProvider() {
        Duration wait = Duration.ofSeconds(30);
        PasswordGrantClient.Grant grant = passwordGrant.grant(Keycloak.ALICE, Keycloak.ALICE_PASSWORD).await().atMost(wait);
        assertThat(grant.accessToken()).isNotBlank();
        // accessTokenLifespan of the realm (5 min); Keycloak may count from the previous second
        assertThat(grant.lifetime()).isBetween(Duration.ofSeconds(295), Duration.ofMinutes(5));
        assertThatThrownBy(() -> passwordGrant.grant(Keycloak.BOB, "wrong").await().atMost(wait))
                .isInstanceOf(PasswordGrantClient.InvalidCredentialsException.class);
        // nothing listens there: the caller's credentials may be right, so this must not look like a wrong password
        PasswordGrantClient unreachable = new PasswordGrantClient(
                Optional.of("http://127.0.0.1:" + LocalComponent.freePort() + "/realms/archive"), config, vertx,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        assertThatThrownBy(() -> unreachable.grant(Keycloak.ALICE, Keycloak.ALICE_PASSWORD).await().atMost(wait))
                .isInstanceOf(PasswordGrantClient.ProviderUnavailableException.class);
    }

    private static boolean canRead(Response response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return response.jsonPath().getBoolean("canRead");
    }

    private static List<String> challenges(Response response) {
        return response.headers().getValues("WWW-Authenticate");
    }
}

package org.astroarchive.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Browser login against the real test Keycloak (realm archive, client archive-portal), driven like a browser by
 * {@link BrowserClient}; an echo server stands in for the services and shows what the gateway forwarded. The
 * gateway is addressed as {@code localhost} on a random port (the realm must accept that redirect URI).
 */
@QuarkusTest
@TestProfile(BrowserLoginTest.KeycloakAndEcho.class)
class BrowserLoginTest {

    static final String ALADIN = "http://aladin.example.org:8000";
    static final int ECHO_PORT = LocalComponent.freePort();
    static Vertx vertx;

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "archive.oidc.url")
    String issuer;

    public static class KeycloakAndEcho implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            startEcho();
            String url = "http://127.0.0.1:" + ECHO_PORT;
            return Map.of("gateway.services.tap", url, "gateway.services.datalink", url, "gateway.services.cutmerge", url,
                    "gateway.services.importer", url, "gateway.cors.origins", ALADIN + ",https://notebooks.example.org");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PortalKeycloakResource.class));
        }
    }

    /** Answers with what it received: the credentials and cookies the gateway forwarded. */
    static synchronized void startEcho() {
        if (vertx != null) {
            return;
        }
        vertx = Vertx.vertx();
        try {
            HttpServer echo = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new io.vertx.core.json.JsonObject()
                            .put("uri", request.uri())
                            .put("authorization", request.getHeader("Authorization"))
                            .put("cookie", request.getHeader("Cookie"))
                            .put("body", body.toString()).encode())));
            echo.listen(ECHO_PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static synchronized void stopEcho() {
        if (vertx != null) {
            vertx.close();
            vertx = null;
        }
    }

    private BrowserClient loggedIn(String user, String password) {
        BrowserClient browser = new BrowserClient();
        HttpResponse<String> whoami = browser.follow(base.resolve("/login?redirect=/api/whoami"), user, password);
        assertThat(whoami.statusCode()).as(browser.visited + "\n" + whoami.body()).isEqualTo(200);
        assertThat(whoami.uri().getPath()).isEqualTo("/api/whoami");
        return browser;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.uri() + " " + response.headers().map() + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode claims(String bearer) throws Exception {
        String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    @Test
    void anonymousVisitorsAreAnonymous() throws Exception {
        BrowserClient browser = new BrowserClient();
        JsonNode whoami = json(browser.get(base.resolve("/api/whoami")));
        assertThat(whoami.get("authenticated").asBoolean()).isFalse();
        assertThat(whoami.get("user").isNull()).isTrue();
        assertThat(whoami.get("groups")).isEmpty();
        JsonNode echoed = json(browser.get(base.resolve("/tap/sync?QUERY=x")));
        assertThat(echoed.get("authorization").isNull()).as("anonymous stays anonymous").isTrue();
    }

    @Test
    void aSessionCookieThatCannotBeReadCountsAsAnonymousNotAsAnError() throws Exception {
        // e.g. made before a restart with another key: public data must still answer, without a login redirect
        BrowserClient browser = new BrowserClient();
        String cookie = "q_session=not-a-valid-session; other=kept";
        JsonNode echoed = json(browser.get(base.resolve("/tap/sync?QUERY=x"), "Cookie", cookie));
        assertThat(echoed.get("authorization").isNull()).isTrue();
        assertThat(echoed.get("cookie").asText()).isEqualTo("other=kept");
        JsonNode whoami = json(browser.get(base.resolve("/api/whoami"), "Cookie", cookie));
        assertThat(whoami.get("authenticated").asBoolean()).isFalse();
        // and /login simply logs in again
        HttpResponse<String> login = browser.get(base.resolve("/login"), "Cookie", cookie);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).startsWith(issuer + "/protocol/openid-connect/auth?");
    }

    @Test
    void loginSendsTheBrowserToTheProviderWithPkceAndComesBackToLogin() {
        HttpResponse<String> response = new BrowserClient().get(base.resolve("/login?redirect=/tap"));
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(issuer + "/protocol/openid-connect/auth?")
                .contains("client_id=archive-portal").contains("code_challenge_method=S256")
                .contains("redirect_uri=" + java.net.URLEncoder.encode(base.resolve("/login").toString(), StandardCharsets.UTF_8));
        assertThat(response.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("q_auth"));
    }

    @Test
    void aCodeFlowLoginGivesASessionThatWhoamiAndTheServicesSee() throws Exception {
        BrowserClient alice = loggedIn(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        assertThat(alice.visited).anyMatch(uri -> uri.toString().startsWith(issuer));
        JsonNode whoami = json(alice.get(base.resolve("/api/whoami")));
        assertThat(whoami.get("user").asText()).isEqualTo("alice");
        assertThat(whoami.get("groups").toString()).isEqualTo("[\"gaia\"]");
        assertThat(whoami.get("authenticated").asBoolean()).isTrue();

        // a proxied request with the session reaches the service with alice's access token, not the cookie
        JsonNode echoed = json(alice.send(HttpRequest.newBuilder(base.resolve("/tap/sync"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("QUERY=SELECT+1")).build()));
        assertThat(echoed.get("body").asText()).isEqualTo("QUERY=SELECT+1");
        String authorization = echoed.get("authorization").asText();
        assertThat(authorization).startsWith("Bearer ");
        JsonNode claims = claims(authorization);
        assertThat(claims.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(claims.get("aud").toString()).contains("\"archive\"");
        assertThat(claims.get("groups").toString()).isEqualTo("[\"gaia\"]");
        assertThat(echoed.get("cookie").isNull() || !echoed.get("cookie").asText().contains("q_session"))
                .as("the session cookie stays at the gateway: " + echoed.get("cookie")).isTrue();

        // its own credentials pass unchanged (pyvo's bearer token, TOPCAT's Basic)
        String basic = Keycloak.basicHeader(Keycloak.BOB, Keycloak.BOB_PASSWORD);
        assertThat(json(alice.get(base.resolve("/datalink?ID=x"), "Authorization", basic)).get("authorization").asText()).isEqualTo(basic);
        assertThat(json(alice.get(base.resolve("/api/files/x"), "Authorization", "Bearer abc.def.ghi")).get("authorization").asText())
                .isEqualTo("Bearer abc.def.ghi");

        // a script of another site does not get the session forwarded, a configured origin does
        assertThat(json(alice.get(base.resolve("/tap/sync"), "Origin", "http://evil.example")).get("authorization").isNull()).isTrue();
        assertThat(json(alice.get(base.resolve("/tap/sync"), "Origin", ALADIN)).get("authorization").asText()).startsWith("Bearer ");
        // the portal's own scripts send their Origin too
        String own = "http://" + base.getHost() + ":" + base.getPort();
        assertThat(json(alice.get(base.resolve("/tap/sync"), "Origin", own)).get("authorization").asText()).startsWith("Bearer ");
    }

    @Test
    void logoutEndsTheSessionAtTheGatewayAndTheProvider() throws Exception {
        BrowserClient bob = loggedIn(Keycloak.BOB, Keycloak.BOB_PASSWORD);
        assertThat(json(bob.get(base.resolve("/api/whoami"))).get("user").asText()).isEqualTo("bob");

        HttpResponse<String> logout = bob.get(base.resolve("/logout"));
        assertThat(logout.statusCode()).isEqualTo(303);
        String location = logout.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(issuer + "/protocol/openid-connect/logout?")
                .contains("id_token_hint=").contains("post_logout_redirect_uri=");
        assertThat(logout.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("q_session") && c.toLowerCase().contains("max-age=0"));
        HttpResponse<String> home = bob.follow(URI.create(location), null, null);
        assertThat(home.statusCode()).as(bob.visited.toString()).isEqualTo(200);
        assertThat(home.uri()).isEqualTo(base);

        JsonNode whoami = json(bob.get(base.resolve("/api/whoami")));
        assertThat(whoami.get("authenticated").asBoolean()).isFalse();
        assertThat(json(bob.get(base.resolve("/tap/sync"))).get("authorization").isNull()).isTrue();
        // the provider's session is gone too: logging in again asks for the password
        HttpResponse<String> again = bob.follow(base.resolve("/login"), null, null);
        assertThat(again.body()).contains("type=\"password\"");
    }

    @Test
    void loginRefusesRedirectsToOtherSites() {
        BrowserClient browser = new BrowserClient();
        for (String target : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "evil", "javascript:alert(1)"}) {
            HttpResponse<String> response = browser.get(base.resolve("/login?redirect="
                    + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).as(target).isEqualTo(400);
            assertThat(response.body()).contains("redirect must be a path of this site");
        }
        // the same for a logged-in user (no provider round trip needed to refuse)
        BrowserClient alice = loggedIn(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);
        assertThat(alice.get(base.resolve("/login?redirect=https://evil.example/")).statusCode()).isEqualTo(400);
        HttpResponse<String> fine = alice.get(base.resolve("/login?redirect=/help.html"));
        assertThat(fine.statusCode()).isEqualTo(303);
        assertThat(fine.headers().firstValue("Location").orElseThrow()).isEqualTo(base.resolve("/help.html").toString());
    }

    @Test
    void corsAnswersConfiguredOriginsOnly() {
        BrowserClient browser = new BrowserClient();
        HttpResponse<String> preflight = browser.send(HttpRequest.newBuilder(base.resolve("/tap/sync"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", ALADIN)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization").build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALADIN);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("authorization");

        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(base.resolve("/tap/sync"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> actual = browser.get(base.resolve("/datalink?ID=x"), "Origin", ALADIN);
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALADIN);
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("Location").contains("X-Request-Id").contains("Content-Disposition").contains("Server-Timing");
        HttpResponse<String> other = browser.get(base.resolve("/datalink?ID=x"), "Origin", "http://evil.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}

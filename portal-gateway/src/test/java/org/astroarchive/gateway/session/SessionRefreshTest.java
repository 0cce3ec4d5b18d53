package org.astroarchive.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.astroarchive.testsupport.Keycloak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens are refreshed through the session: with a refresh skew longer than the realm's access token lifespan
 * (5 min) every use of the session counts as "about to expire", so each proxied request refreshes at Keycloak,
 * forwards a new access token and hands the browser a new session cookie.
 */
@QuarkusTest
@TestProfile(SessionRefreshTest.AlwaysRefresh.class)
class SessionRefreshTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    public static class AlwaysRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            BrowserLoginTest.startEcho();
            String url = "http://127.0.0.1:" + BrowserLoginTest.ECHO_PORT;
            return Map.of("gateway.services.tap", url, "quarkus.oidc.token.refresh-token-time-skew", "10M");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PortalKeycloakResource.class));
        }
    }

    @AfterAll
    static void stopEcho() {
        BrowserLoginTest.stopEcho();
    }

    @Test
    void anExpiringAccessTokenIsRefreshedAndTheNewSessionCookieReachesTheBrowser() throws Exception {
        BrowserClient alice = new BrowserClient();
        assertThat(alice.follow(base.resolve("/login?redirect=/api/whoami"), Keycloak.ALICE, Keycloak.ALICE_PASSWORD).statusCode()).isEqualTo(200);

        HttpResponse<String> first = alice.get(base.resolve("/tap/sync"));
        HttpResponse<String> second = alice.get(base.resolve("/tap/sync"));
        JsonNode one = claims(first);
        JsonNode two = claims(second);
        assertThat(one.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(two.get("preferred_username").asText()).isEqualTo("alice");
        assertThat(two.get("jti").asText()).as("a new access token").isNotEqualTo(one.get("jti").asText());
        assertThat(second.headers().allValues("Set-Cookie")).as("the refreshed session").anyMatch(c -> c.startsWith("q_session"));
        assertThat(JSON.readTree(alice.get(base.resolve("/api/whoami")).body()).get("user").asText()).isEqualTo("alice");
    }

    private static JsonNode claims(HttpResponse<String> echoed) throws Exception {
        assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
        String authorization = JSON.readTree(echoed.body()).get("authorization").asText();
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}

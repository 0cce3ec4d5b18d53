package org.astroarchive.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test needs from the test Keycloak: tokens of the realm's users, HTTP Basic headers, the issuer. The users
 * and passwords are the local-only ones of {@code deploy/keycloak/README.md}.
 */
public final class Keycloak {

    public static final String REALM = "archive";
    /** Public client with direct access grants: scripts get tokens with it, services check HTTP Basic with it. */
    public static final String CLI_CLIENT = "archive-cli";
    /** In group {@code gaia}. */
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice-password";
    /** In no group. */
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob-password";
    /** In group {@code archive-operators}: may upload files to the importer and edit collection descriptions. */
    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "operator-password";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    private Keycloak(int port) {
        this.port = port;
    }

    public static Keycloak of(LocalComponent keycloak) {
        return new Keycloak(keycloak.port());
    }

    /** The Keycloak of this test JVM, started on first use. */
    public static Keycloak shared() {
        return of(SharedComponents.get(LocalComponent.Kind.KEYCLOAK));
    }

    /** The realm's issuer, which is also the {@code quarkus.oidc.auth-server-url}. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** An access token of the user, by the password grant on {@link #CLI_CLIENT}, as pyvo scripts get one. */
    public String token(String user, String password) {
        String form = "grant_type=password&client_id=" + encode(CLI_CLIENT) + "&username=" + encode(user)
                + "&password=" + encode(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("no token for " + user + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Keycloak for a token", e);
        }
    }

    /** The value of an {@code Authorization} header for HTTP Basic (RFC 7617), as TOPCAT sends it. */
    public static String basicHeader(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The operator's HTTP Basic header: uploads to the importer need it (curl and the scripts send it). */
    public static String operatorBasicHeader() {
        return basicHeader(OPERATOR, OPERATOR_PASSWORD);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

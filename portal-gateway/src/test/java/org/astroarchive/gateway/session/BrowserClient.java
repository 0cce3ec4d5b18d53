package org.astroarchive.gateway.session;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a browser does in a login, with {@link HttpClient}: a cookie jar, redirects followed one by one (so tests
 * can look at each), and the provider's login form filled in and posted. The form is found by its standard
 * markup (a form with a password field), not by Keycloak internals.
 */
public final class BrowserClient {

    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"");

    private final CookieManager cookies = new LoopbackCookies();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** The hops of the last {@link #follow}: each URL visited, in order. */
    public final List<URI> visited = new ArrayList<>();

    public HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * GETs {@code start} and follows redirects; a page with a password form is answered with the credentials
     * (as a user types them). Returns the first response that is neither a redirect nor a login form.
     */
    public HttpResponse<String> follow(URI start, String user, String password) {
        visited.clear();
        HttpResponse<String> response = get(start);
        visited.add(start);
        for (int hop = 0; hop < 15; hop++) {
            if (response.statusCode() / 100 == 3) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                visited.add(next);
                response = get(next);
            } else if (response.statusCode() == 200 && response.body().contains("type=\"password\"") && user != null) {
                response = postLoginForm(response, user, password);
                user = null;   // once: a second form means the login failed
            } else {
                return response;
            }
        }
        throw new IllegalStateException("more than 15 redirects: " + visited);
    }

    private HttpResponse<String> postLoginForm(HttpResponse<String> page, String user, String password) {
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            throw new IllegalStateException("no form in the login page " + page.uri());
        }
        StringBuilder body = new StringBuilder("username=" + encode(user) + "&password=" + encode(password));
        Matcher hidden = HIDDEN.matcher(form.group(2));
        while (hidden.find()) {
            body.append('&').append(encode(unescape(hidden.group(1)))).append('=').append(encode(unescape(hidden.group(2))));
        }
        URI action = page.uri().resolve(unescape(form.group(1)));
        visited.add(action);
        return send(HttpRequest.newBuilder(action).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** The cookies the jar holds for {@code uri}, by name. */
    public Map<String, String> cookies(URI uri) {
        Map<String, String> found = new java.util.TreeMap<>();
        for (HttpCookie cookie : cookies.getCookieStore().get(uri)) {
            found.put(cookie.getName(), cookie.getValue());
        }
        return found;
    }

    /**
     * Browsers treat loopback origins as secure contexts and keep {@code Secure} cookies for them (Keycloak's
     * login session cookies are {@code Secure; SameSite=None}); Java's cookie jar would drop them over http.
     */
    private static final class LoopbackCookies extends CookieManager {
        LoopbackCookies() {
            super(null, CookiePolicy.ACCEPT_ALL);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
            if (!loopback) {
                super.put(uri, responseHeaders);
                return;
            }
            Map<String, List<String>> headers = new java.util.HashMap<>();
            responseHeaders.forEach((name, values) -> headers.put(name, name != null && name.equalsIgnoreCase("Set-Cookie")
                    ? values.stream().map(v -> v.replaceAll("(?i);\\s*Secure(?=;|$)", "")).toList() : values));
            super.put(uri, headers);
        }
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

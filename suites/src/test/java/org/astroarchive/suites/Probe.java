package org.astroarchive.suites;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One generated request and what its answer must show.
 *
 * @param category   the family of inputs (figures are reported per category)
 * @param input      the offending input as a reader should see it in a report
 * @param request    the HTTP request
 * @param mentions   if not empty, a rejection's message must contain one of these (case-insensitive): the offending
 *                   parameter, name or value
 * @param mayPass    the input may be valid after all (a mutation can produce valid ADQL): a 2xx is then no failure
 */
record Probe(String category, String input, HttpRequest request, List<String> mentions, boolean mayPass) {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    Probe mentioning(String... names) {
        List<String> all = new ArrayList<>(mentions);
        all.addAll(List.of(names));
        return new Probe(category, input, request, List.copyOf(all), mayPass);
    }

    Probe passable() {
        return new Probe(category, input, request, mentions, true);
    }

    static Probe of(String category, String input, HttpRequest request) {
        return new Probe(category, input, request, List.of(), false);
    }

    /** A form POST (application/x-www-form-urlencoded) of the parameters, in order; a name may repeat. */
    static HttpRequest form(String url, List<Map.Entry<String, String>> parameters, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(parameters)));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    /** A GET with the parameters in the query string. */
    static HttpRequest get(String url, List<Map.Entry<String, String>> parameters, String authorization) {
        String query = encode(parameters);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(query.isEmpty() ? url : url + "?" + query))
                .timeout(TIMEOUT).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    static String encode(List<Map.Entry<String, String>> parameters) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> p : parameters) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    static Map.Entry<String, String> p(String name, String value) {
        return Map.entry(name, value);
    }

    /** A multipart/form-data body: text fields, then file parts. */
    static HttpRequest multipart(String url, List<Map.Entry<String, String>> fields, Map<String, byte[]> files,
                                 String authorization) {
        String boundary = "suite-" + Long.toHexString(System.nanoTime());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.getKey()
                    + "\"; filename=\"" + file.getKey() + ".xml\"\r\nContent-Type: application/x-votable+xml\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }
}

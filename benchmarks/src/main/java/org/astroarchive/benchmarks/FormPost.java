package org.astroarchive.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A form POST as the measured load clients send it (TAP sync queries), read to its end. Through
 * {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: reading a 72 MB chunked response cost the latter
 * 0.20–0.26 core-seconds, against 0.06 for this one (2026-11-23), and the clients share the machine's two cores
 * with the services they measure. Connections are kept alive between requests, as HttpClient does.
 */
final class FormPost {

    static {
        // the JDK keeps 5 idle connections per server by default: more clients would reconnect at every request
        System.setProperty("http.maxConnections", "256");
    }

    private final URI uri;
    private final byte[] form;
    private final Duration timeout;

    FormPost(URI uri, String form, Duration timeout) {
        this.uri = uri;
        this.form = form.getBytes(StandardCharsets.US_ASCII);
        this.timeout = timeout;
    }

    /** The answer: its HTTP status and body. */
    record Answer(int status, ResponseBody body) {
    }

    URI uri() {
        return uri;
    }

    /** Sends the form and reads the answer to its end through {@code buffer} (reused by one client). */
    Answer send(byte[] buffer) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) Duration.ofSeconds(10).toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setInstanceFollowRedirects(false);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(form.length);
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(form);
        }
        int status = connection.getResponseCode();
        InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        return new Answer(status, in == null ? ResponseBody.of("") : ResponseBody.read(in, buffer));
    }
}

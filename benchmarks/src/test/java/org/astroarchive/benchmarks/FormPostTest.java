package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FormPostTest {

    private HttpServer server;
    private final List<String> forms = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tap/sync", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            forms.add(exchange.getRequestHeaders().getFirst("Content-Type") + " " + form);
            boolean bad = form.contains("QUERY=bad");
            byte[] body = (bad ? "<INFO name=\"QUERY_STATUS\" value=\"ERROR\">no such table</INFO>"
                    : "<INFO name=\"QUERY_STATUS\" value=\"OK\"/>" + "A".repeat(200_000) + "</TABLE>").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(bad ? 400 : 200, 0); // chunked, as tap-service streams results
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private FormPost post(String form) {
        return new FormPost(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tap/sync"), form, Duration.ofSeconds(10));
    }

    @Test
    void postsTheFormAndReadsAChunkedAnswerToItsEnd() throws Exception {
        byte[] buffer = new byte[4096];
        for (int i = 0; i < 3; i++) { // the connection is reused: each answer must still be read whole
            FormPost.Answer answer = post("LANG=ADQL&QUERY=good").send(buffer);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().bytes()).isEqualTo(38 + 200_000 + 8);
            assertThat(answer.body().contains("</TABLE>")).isTrue();
            assertThat(answer.body().queryError()).isEmpty();
        }
        assertThat(forms).hasSize(3).allMatch(f -> f.equals("application/x-www-form-urlencoded LANG=ADQL&QUERY=good"));
    }

    @Test
    void readsTheBodyOfAnErrorAnswer() throws Exception {
        FormPost.Answer answer = post("LANG=ADQL&QUERY=bad").send(new byte[4096]);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().queryError()).contains("no such table");
    }
}

package org.astroarchive.tap.datalink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batching against a real Redis, and the fallback to persistent URLs when Redis does not answer. */
class ResultSelectionsTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @Test
    void storesEveryRowOfAResultLargerThanABatchBeforeFinishing() {
        Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:" + SharedComponents.get(LocalComponent.Kind.REDIS).port());
        UUID client = UUID.randomUUID();
        ResultSelections selections = new ResultSelections(redis, client, Duration.ofMinutes(5));
        int rows = 2500;   // three chunks, the last one partial
        List<String> urls = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String url = selections.accessUrl("http://h/datalink?ID=ivo://a/gaia.completesource?" + i);
            assertThat(url).startsWith("http://h/datalink?id=").endsWith("&clientId=" + client);
            urls.add(url);
        }
        assertThat(urls).doesNotHaveDuplicates();
        selections.finish();

        Response count = redis.send(Request.cmd(Command.HLEN).arg(Selections.CLIENT_KEY + client)).await().indefinitely();
        assertThat(count.toLong()).as("fields: chunks of " + Selections.CHUNK + " rows").isEqualTo(3);
        assertThat(selections.stored()).isEqualTo(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(resolve(redis, urls.get(i))).as("row " + i).contains("ivo://a/gaia.completesource?" + i);
        }
        redis.close();
    }

    /** What the DataLink service does with a seed-form URL (datalink-service's SelectionStore). */
    static java.util.Optional<String> resolve(Redis redis, String url) {
        UUID selection = UUID.fromString(Selections.parameter(url, "id").orElseThrow());
        String client = Selections.parameter(url, "clientId").orElseThrow();
        Response value = redis.send(Request.cmd(Command.HGET).arg(Selections.CLIENT_KEY + client)
                .arg(Selections.field(selection))).await().indefinitely();
        return Selections.persistentId(selection, value == null ? null : value.toString());
    }

    @Test
    void givesEveryRowTheSelectionOfItsDecodedPersistentId() {
        Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:" + SharedComponents.get(LocalComponent.Kind.REDIS).port());
        UUID client = UUID.randomUUID();
        ResultSelections selections = new ResultSelections(redis, client, Duration.ofMinutes(5));
        String gaia = "http://h/datalink?ID=" + URLEncoder.encode("ivo://a/gaia.gaia_source?", StandardCharsets.UTF_8);
        // rows as metadata-service's generated column writes them, then rows whose value needs decoding itself, rows
        // of another table, another endpoint's URL, and a URL with a second parameter, in one result
        List<String> urls = List.of(gaia + "4295806720", gaia + "12", gaia + "a%2Bb", gaia + "a+b", gaia + "7",
                "http://h/datalink?ID=" + URLEncoder.encode("ivo://a/obscore?c:x y", StandardCharsets.UTF_8),
                "http://h/datalink?ID=ivo://a/t?plain", gaia + "99", "http://h/datalink?ID=ivo://a/t?1&RESPONSEFORMAT=x",
                "http://elsewhere/file.fits", gaia + "100%25");
        java.util.Map<String, String> published = new java.util.LinkedHashMap<>();
        for (String url : urls) {
            published.put(url, selections.accessUrl(url));
        }
        selections.finish();
        published.forEach((url, seed) -> {
            if (url.startsWith("http://h/datalink")) {
                String id = URLDecoder.decode(url.substring(url.indexOf("?ID=") + 4).split("&")[0], StandardCharsets.UTF_8);
                assertThat(seed).as(url).startsWith("http://h/datalink?id=").endsWith("&clientId=" + client);
                assertThat(resolve(redis, seed)).as(url).contains(id);
            } else {
                assertThat(seed).as("not a DataLink URL of ours").isEqualTo(url);
            }
        });
        redis.close();
    }

    @Test
    void keepsPersistentUrlsWhenRedisDoesNotAnswer() {
        Redis dead = Redis.createClient(vertx, "redis://127.0.0.1:" + LocalComponent.freePort());
        ResultSelections selections = new ResultSelections(dead, UUID.randomUUID(), Duration.ofMinutes(5));
        String url = "http://h/datalink?ID=ivo://a/gaia.completesource?1";
        assertThat(selections.accessUrl(url)).isEqualTo(url);
        selections.finish();
        assertThat(selections.stored()).isZero();
        assertThat(selections.datalinkUrl()).contains("http://h/datalink");
        dead.close();
    }

    @Test
    void asksRedisOnceWhileItKeepsAnsweringAndAgainAfterItDidNot() {
        Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:" + SharedComponents.get(LocalComponent.Kind.REDIS).port());
        RedisHealth health = new RedisHealth(redis, Duration.ofHours(1));
        for (int result = 0; result < 3; result++) {
            ResultSelections selections = new ResultSelections(redis, health, UUID.randomUUID(), Duration.ofMinutes(5));
            assertThat(selections.accessUrl("http://h/datalink?ID=ivo://a/t?" + result)).startsWith("http://h/datalink?id=");
            selections.finish();
        }
        assertThat(health.probes()).isEqualTo(1);
        redis.close();

        Redis dead = Redis.createClient(vertx, "redis://127.0.0.1:" + LocalComponent.freePort());
        RedisHealth deadHealth = new RedisHealth(dead, Duration.ofHours(1));
        for (int result = 0; result < 2; result++) {
            ResultSelections selections = new ResultSelections(dead, deadHealth, UUID.randomUUID(), Duration.ofMinutes(5));
            assertThat(selections.accessUrl("http://h/datalink?ID=ivo://a/t?1")).isEqualTo("http://h/datalink?ID=ivo://a/t?1");
            selections.finish();
        }
        assertThat(deadHealth.probes()).isEqualTo(2);
        dead.close();
    }

    @Test
    void leavesOtherUrlsAlone() {
        ResultSelections none = ResultSelections.none();
        assertThat(none.accessUrl("http://h/datalink?ID=ivo://a/t?1")).isEqualTo("http://h/datalink?ID=ivo://a/t?1");
        assertThat(none.accessUrl("http://elsewhere/file.fits")).isEqualTo("http://elsewhere/file.fits");
        assertThat(none.datalinkUrl()).contains("http://h/datalink");
    }
}

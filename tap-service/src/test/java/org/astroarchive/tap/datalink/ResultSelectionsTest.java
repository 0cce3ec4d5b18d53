package org.astroarchive.tap.datalink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
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
        int rows = 2500;   // three batches, the last one partial
        for (int i = 0; i < rows; i++) {
            String url = selections.accessUrl("http://h/datalink?ID=ivo://a/gaia.completesource?" + i);
            assertThat(url).startsWith("http://h/datalink?id=").endsWith("&clientId=" + client);
        }
        selections.finish();

        Response count = redis.send(Request.cmd(Command.HLEN).arg(Selections.CLIENT_KEY + client)).await().indefinitely();
        assertThat(count.toLong()).isEqualTo(rows);
        assertThat(selections.stored()).isEqualTo(rows);
        Response last = redis.send(Request.cmd(Command.HGET).arg(Selections.CLIENT_KEY + client)
                .arg(Selections.ofRow("ivo://a/gaia.completesource?2499").toString())).await().indefinitely();
        assertThat(last.toString()).isEqualTo("ivo://a/gaia.completesource?2499");
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
    void leavesOtherUrlsAlone() {
        ResultSelections none = ResultSelections.none();
        assertThat(none.accessUrl("http://h/datalink?ID=ivo://a/t?1")).isEqualTo("http://h/datalink?ID=ivo://a/t?1");
        assertThat(none.accessUrl("http://elsewhere/file.fits")).isEqualTo("http://elsewhere/file.fits");
        assertThat(none.datalinkUrl()).contains("http://h/datalink");
    }
}

package org.astroarchive.tap.datalink;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.astroarchive.contracts.catalogue.Selections;
import org.jboss.logging.Logger;

/**
 * The DataLink URLs of one result, as the rows stream out. A row's stored {@code access_url}
 * {@code <base>/datalink?ID=<persistent id>} becomes the seed form {@code <base>/datalink?id=<selection>&clientId=<client>},
 * row {@code i} getting the selection {@link Selections#resultRow resultRow(result, i)}; the persistent IDs go to the
 * client's Redis hash ({@link Selections#CLIENT_KEY}) a chunk of {@value Selections#CHUNK} rows a field, in pipelined
 * batches, all stored before the last row is handed on ({@link #finish()}), so a link is valid by the time a client
 * can follow it.
 *
 * <p>Redis is only a convenience: when it does not answer, the rows keep their persistent URLs, which DataLink
 * resolves without it. Not thread-safe: one instance per result, used by the thread writing it.
 */
public final class ResultSelections {

    private static final Logger LOG = Logger.getLogger(ResultSelections.class);
    /** Chunks a Redis request carries. */
    private static final int BATCH_CHUNKS = 8;
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private final Redis redis;
    private final RedisHealth health;
    private final UUID client;
    private final Duration ttl;
    /** This result's ID, its rows' selections, and how the URLs of its rows end. */
    private final UUID result = Selections.newResult();
    private final String rowSelection = Selections.resultPrefix(result);
    private final String clientParameter;
    /** The persistent IDs of the chunk being filled, and the rows given a selection so far. */
    private final List<String> chunk = new ArrayList<>(Selections.CHUNK);
    private long rows;
    /** The HSET of the batch being filled (chunk field, chunk, ...) and its chunks so far. */
    private Request pending;
    private int pendingChunks;
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private Boolean usable;
    private String datalinkUrl;
    /** {@code <base>?ID=<value up to its last escape>} of the rows seen so far, and that value decoded. */
    private String rawStem;
    private String decodedStem;
    private long stored;

    ResultSelections(Redis redis, UUID client, Duration ttl) {
        this(redis, redis == null ? null : new RedisHealth(redis, Duration.ZERO), client, ttl);
    }

    ResultSelections(Redis redis, RedisHealth health, UUID client, Duration ttl) {
        this.redis = redis;
        this.health = health;
        this.client = client;
        this.ttl = ttl;
        this.clientParameter = "&clientId=" + client;
    }

    /** A pass-through: every URL as stored (results without DataLink columns, or seed form turned off). */
    public static ResultSelections none() {
        return new ResultSelections(null, null, Duration.ZERO);
    }

    /** The URL to publish for a row whose stored {@code access_url} is {@code url}. */
    public String accessUrl(String url) {
        // the common case, every row of a table alike: <base>?ID=<encoded stem><link column value>, e.g.
        // ...?ID=ivo%3A%2F%2Fauthority%2Fgaia.gaia_source%3F4295806720 (metadata-service's generated column): the
        // persistent ID is the stem decoded once per result plus the row's link value, read without parsing the URL
        String id;
        String base;
        if (rawStem != null && url.startsWith(rawStem) && plain(url, rawStem.length())) {
            base = datalinkUrl;
            id = decodedStem + url.substring(rawStem.length());
        } else {
            int query = url.indexOf('?');
            base = query < 0 ? url : url.substring(0, query);
            if (!base.endsWith("/datalink")) {
                return url;
            }
            datalinkUrl = base;
            Optional<String> parameter = Selections.parameter(url, "ID");
            if (parameter.isEmpty()) {
                return url;
            }
            id = parameter.get();
            rememberStem(url, base);
        }
        if (redis == null || !id.startsWith("ivo://") || !Selections.storable(id) || rows >= Selections.MAX_RESULT_ROWS
                || !usable()) {
            return url;
        }
        long row = rows++;
        chunk.add(id);
        if (chunk.size() == Selections.CHUNK) {
            addChunk();
        }
        // Selections.url(base, Selections.resultRow(result, row), client), without formatting two UUIDs a row
        String rowBits = Long.toHexString(row | (1L << 32)).substring(1);
        return base + "?id=" + rowSelection + rowBits + clientParameter;
    }

    private void addChunk() {
        if (pending == null) {
            pending = Request.cmd(Command.HSET).arg(Selections.CLIENT_KEY + client);
        }
        pending.arg(Selections.chunkField(result, (rows - 1) / Selections.CHUNK)).arg(Selections.encodeChunk(chunk));
        chunk.clear();
        if (++pendingChunks >= BATCH_CHUNKS) {
            flush();
        }
    }

    /**
     * Keeps {@code <base>?ID=} plus the value up to its last escape ({@code %XX}) as the stem of the rows to come,
     * with its decoded form: what follows the stem in the next rows needs no decoding unless it holds '%', '+' or
     * '&'.
     */
    private void rememberStem(String url, String base) {
        String prefix = base + "?ID=";
        int escape = url.lastIndexOf('%');
        int end = escape < prefix.length() ? prefix.length() : escape + 3;
        if (!url.startsWith(prefix) || url.indexOf('&', prefix.length()) >= 0 || end > url.length() || !plain(url, end)) {
            rawStem = null;
            return;
        }
        rawStem = url.substring(0, end);
        decodedStem = URLDecoder.decode(url.substring(prefix.length(), end), StandardCharsets.UTF_8);
    }

    /** True if {@code url} from {@code start} on holds nothing to decode and no further parameter. */
    private static boolean plain(String url, int start) {
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '%' || c == '+' || c == '&') {
                return false;
            }
        }
        return true;
    }

    /** The DataLink endpoint the result's links point at, once a row has shown it: the service descriptor's accessURL. */
    public Optional<String> datalinkUrl() {
        return Optional.ofNullable(datalinkUrl);
    }

    /** Stores what is pending and waits for every batch; called once the last row has been read. Idempotent. */
    public void finish() {
        if (!chunk.isEmpty()) {
            addChunk();
        }
        flush();
        for (CompletableFuture<?> batch : inFlight) {
            try {
                batch.get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                LOG.warnf("DataLink selections of client %s could not all be stored in Redis (%s): those rows' "
                        + "seed-form links answer NotFoundFault; their persistent IDs still work", client, cause.getMessage());
                break;
            }
        }
        inFlight.clear();
    }

    /** Selections written so far (for tests and logs). */
    long stored() {
        return stored;
    }

    private boolean usable() {
        if (usable == null) {
            // decided once for the whole result, so rows are never rewritten towards a Redis that is down
            usable = health.answers();
        }
        return usable;
    }

    private void flush() {
        if (pending == null) {
            return;
        }
        Request expire = Request.cmd(Command.EXPIRE).arg(Selections.CLIENT_KEY + client).arg(Math.max(1, ttl.toSeconds()));
        inFlight.add(redis.batch(List.of(pending, expire)).subscribeAsCompletionStage().thenRun(health::answered));
        stored = rows;
        pending = null;
        pendingChunks = 0;
    }
}

package org.astroarchive.tap.datalink;

import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.astroarchive.tap.config.TapConfig;

/**
 * Hands out the {@link ResultSelections} of each result: the seed-form DataLink URLs of its rows and their selections
 * in Redis ({@code tap.datalink-selections}, {@code tap.selection-ttl}).
 */
@ApplicationScoped
public class SelectionRegistry {

    private final Redis redis;
    private final RedisHealth health;
    private final TapConfig config;

    public SelectionRegistry(Redis redis, TapConfig config) {
        this.redis = redis;
        this.health = redis == null ? null : new RedisHealth(redis, Duration.ofSeconds(1));
        this.config = config;
    }

    /** The selections of one result given to {@code client}; a pass-through when seed-form URLs are turned off. */
    public ResultSelections forClient(UUID client) {
        return config.datalinkSelections() ? new ResultSelections(redis, health, client, config.selectionTtl())
                : new ResultSelections(null, null, client, config.selectionTtl());
    }
}

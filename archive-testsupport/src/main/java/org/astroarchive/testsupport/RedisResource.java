package org.astroarchive.testsupport;

/** A real Redis server for {@code @QuarkusTest}s. */
public class RedisResource extends ComponentResource {
    public RedisResource() {
        super(LocalComponent.Kind.REDIS, ArchiveConfig::redis);
    }
}

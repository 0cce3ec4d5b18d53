package org.astroarchive.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void keysAreSaltedDigestsThatNeverContainThePassword() {
        CredentialCache cache = new CredentialCache(Duration.ofMinutes(5), 100, Clock.fixed(T0, ZoneOffset.UTC));
        String key = cache.key("alice", "alice-password");
        assertThat(key).hasSize(64).doesNotContain("alice");
        assertThat(cache.key("alice", "alice-password")).isEqualTo(key);
        assertThat(cache.key("alice", "other")).isNotEqualTo(key);
        assertThat(cache.key("alic", "ealice-password")).isNotEqualTo(key);
        // another process (another salt) makes other keys
        assertThat(new CredentialCache(Duration.ofMinutes(5), 100, Clock.systemUTC()).key("alice", "alice-password"))
                .isNotEqualTo(key);
    }

    @Test
    void tokensAreKeptForTheTtlButNeverPastTheirOwnLifetime() {
        assertThat(keptFor(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(5));
        // a 60 s token is kept 50 s (10 s margin) although the TTL is 5 minutes
        assertThat(keptFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(50));
        assertThat(keptFor(Duration.ofSeconds(5))).isEqualTo(Duration.ZERO);
    }

    @Test
    void reachingTheBoundEmptiesTheCache() {
        CredentialCache cache = new CredentialCache(Duration.ofMinutes(5), 2, Clock.fixed(T0, ZoneOffset.UTC));
        cache.put("a", "1", Duration.ofMinutes(5));
        cache.put("b", "2", Duration.ofMinutes(5));
        cache.put("c", "3", Duration.ofMinutes(5));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("c")).isEqualTo("3");
    }

    /** How long a token of the given lifetime is served, to the second, by a cache with a 5 minute TTL. */
    private static Duration keptFor(Duration tokenLifetime) {
        MutableClock clock = new MutableClock(T0);
        CredentialCache cache = new CredentialCache(Duration.ofMinutes(5), 100, clock);
        cache.put("k", "token", tokenLifetime);
        Duration kept = Duration.ZERO;
        while (cache.get("k") != null) {
            kept = kept.plusSeconds(1);
            clock.now = T0.plus(kept);
        }
        return kept;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

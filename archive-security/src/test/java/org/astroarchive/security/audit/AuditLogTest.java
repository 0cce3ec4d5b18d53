package org.astroarchive.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.astroarchive.contracts.AuditEvent;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka down: the request is not delayed, the audit log line is still written with every field, and the event is
 * counted as dropped. (Delivery to a real broker is tested where the events are made: tap-service, cutmerge-service.)
 */
class AuditLogTest {

    private final List<Map<String, String>> mdcOfLines = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
            if (record instanceof ExtLogRecord ext) {
                mdcOfLines.add(ext.getMdcCopy());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AuditLog audit;

    @BeforeEach
    void listen() {
        Logger.getLogger("audit").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("audit").removeHandler(capture);
        if (audit != null) {
            audit.stop();
        }
    }

    @Test
    void kafkaDownStillLogsTheEventAndCountsItDropped() throws Exception {
        audit = auditLog(true, unusedPort(), 1);
        AuditEvent event = new AuditEvent(Instant.parse("2026-11-22T18:40:00.123Z"), "tap-service", "query", "alice",
                "topcat", "SELECT TOP 5 * FROM gaia.completesource", 5L, 18734L, 42, 200, "success", null, "req-1");

        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            audit.record(event);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).as("recording never waits for Kafka").isLessThan(1_000);
        assertThat(lines).hasSize(3).allMatch(line -> line.equals("audit query alice 200"));
        assertThat(mdcOfLines.get(0)).containsEntry("audit.service", "tap-service").containsEntry("audit.action", "query")
                .containsEntry("audit.user", "alice").containsEntry("audit.client", "topcat")
                .containsEntry("audit.object", "SELECT TOP 5 * FROM gaia.completesource")
                .containsEntry("audit.rows", "5").containsEntry("audit.bytes", "18734")
                .containsEntry("audit.duration_ms", "42").containsEntry("audit.status", "200")
                .containsEntry("audit.outcome", "success").containsEntry("audit.request_id", "req-1")
                .doesNotContainKey("audit.error");
        assertThat(org.jboss.logging.MDC.get("audit.user")).as("the MDC is restored after the line").isNull();
        // a queue of one: at least one of three events could not even be queued while the first waits for Kafka
        assertThat(dropped()).isGreaterThanOrEqualTo(1);
        // the others are dropped once the producer gives up on the missing broker (max.block.ms 5 s each)
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (dropped() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(dropped()).isEqualTo(3);
        assertThat(registry.counter("archive.audit.events", "result", "sent").count()).isZero();
    }

    @Test
    void disabledAuditingWritesNothing() {
        audit = auditLog(false, unusedPort(), 10);
        audit.record(audit.event(Instant.now(), "download", null, null, "x", null, 1L, 200, null, null));
        assertThat(lines).isEmpty();
        assertThat(dropped()).isZero();
    }

    @Test
    void eventsOfAnonymousCallersNameThemAndMeasureTheirDuration() {
        audit = auditLog(true, unusedPort(), 10);
        AuditEvent event = audit.event(Instant.now().minusMillis(50), "download", null, "curl/8", "ivo://x?1", null,
                10L, 403, "private", "r");
        assertThat(event.user()).isEqualTo(AuditEvent.ANONYMOUS);
        assertThat(event.service()).isEqualTo("test-service");
        assertThat(event.outcome()).isEqualTo("failure");
        assertThat(event.durationMs()).isBetween(50L, 5_000L);
    }

    private double dropped() {
        return registry.counter("archive.audit.events", "result", "dropped").count();
    }

    private AuditLog auditLog(boolean enabled, int kafkaPort, int queueSize) {
        AuditConfig config = new AuditConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String bootstrapServers() {
                return "127.0.0.1:" + kafkaPort;
            }

            @Override
            public String topic() {
                return "audit.events.v1";
            }

            @Override
            public int queueSize() {
                return queueSize;
            }
        };
        return new AuditLog(config, new ObjectMapper().registerModule(new JavaTimeModule()), registry, "test-service");
    }

    /** A loopback port nothing listens on: Kafka is down. */
    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

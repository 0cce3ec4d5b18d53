package org.astroarchive.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.astroarchive.contracts.Topics;

/** Reads audit events back from {@code audit.events.v1}, as Kibana's shipper or any other consumer would. */
public final class AuditEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditEvents() {
    }

    /** The first event of {@code user} (the record key) that {@code matches}, waiting up to 30 s for it. */
    public static JsonNode await(String bootstrapServers, String user, Predicate<JsonNode> matches) throws IOException {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "audit-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT_EVENTS_V1));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (user.equals(record.key()) && matches.test(event)) {
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("no matching audit event of " + user + " on " + Topics.AUDIT_EVENTS_V1 + " within 30 s");
    }

    /** The event of the user's request {@code requestId} (its {@code X-Request-Id}). */
    public static JsonNode awaitRequest(String bootstrapServers, String user, String requestId) throws IOException {
        return await(bootstrapServers, user, event -> requestId.equals(event.path("requestId").asText()));
    }
}

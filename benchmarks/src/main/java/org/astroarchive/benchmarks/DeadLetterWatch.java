package org.astroarchive.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code ingest.deadletter.v1} (archive-contracts {@code Topics}) during a run, so that a file the services
 * reject fails the benchmark at once with the reason instead of at the timeout.
 */
final class DeadLetterWatch implements AutoCloseable {

    static final String TOPIC = "ingest.deadletter.v1";

    private final KafkaConsumer<String, String> consumer;

    DeadLetterWatch(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
    }

    /** The first dead letter about one of {@code dids} that arrived since the last call, as "key: value". */
    Optional<String> poll(Set<String> dids) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(1))) {
            if (record.key() != null && dids.contains(record.key())) {
                return Optional.of(record.key() + ": " + record.value());
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}

package org.astroarchive.testsupport;

/** A real Kafka broker (KRaft) for {@code @QuarkusTest}s. */
public class KafkaResource extends ComponentResource {
    public KafkaResource() {
        super(LocalComponent.Kind.KAFKA, ArchiveConfig::kafka);
    }
}

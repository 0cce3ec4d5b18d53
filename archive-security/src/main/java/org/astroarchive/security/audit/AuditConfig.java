package org.astroarchive.security.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.astroarchive.contracts.Topics;

/** Keys under {@code archive.audit}: where the audit events of {@link AuditLog} go. */
@ConfigMapping(prefix = "archive.audit")
public interface AuditConfig {

    /** Whether queries and downloads are audited at all (log line and Kafka event). */
    @WithDefault("true")
    boolean enabled();

    /** Kafka brokers of the audit topic; the service's own {@code kafka.bootstrap.servers} unless set. */
    @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9093}")
    String bootstrapServers();

    /** Topic of the events (key: the user). */
    @WithDefault(Topics.AUDIT_EVENTS_V1)
    String topic();

    /** Events waiting for Kafka at most; beyond that new events are dropped (and counted), never waited for. */
    @WithDefault("10000")
    int queueSize();
}

package org.astroarchive.security.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.astroarchive.contracts.AuditEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Issue 6: records who read what. Each {@link AuditEvent} becomes one log line of category {@code audit} (its fields
 * as {@code audit.*} MDC entries, hence fields of the ECS JSON line) and one JSON record on the audit topic, keyed by
 * the user.
 * <p>
 * Auditing never delays or fails a request: {@link #record} only logs and puts the event in a bounded queue; one
 * background thread hands the queue to the Kafka producer. While Kafka is down the log line is still written, and
 * events that cannot be queued or delivered are counted in {@code archive.audit.events{result=dropped}}.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger AUDIT = Logger.getLogger("audit");
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final AuditConfig config;
    private final ObjectMapper json;
    private final String service;
    private final BlockingQueue<AuditEvent> queue;
    private final Counter sent;
    private final Counter dropped;
    private volatile boolean running = true;
    private Thread sender;

    public AuditLog(AuditConfig config, ObjectMapper json, MeterRegistry registry,
                    @ConfigProperty(name = "quarkus.application.name", defaultValue = "archive") String service) {
        this.config = config;
        this.json = json;
        this.service = service;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueSize()));
        this.sent = registry.counter("archive.audit.events", "result", "sent");
        this.dropped = registry.counter("archive.audit.events", "result", "dropped");
    }

    /** The name events carry in {@code service}: {@code quarkus.application.name}. */
    public String service() {
        return service;
    }

    /** An event of this service, {@code durationMs} measured from {@code start} to now. */
    public AuditEvent event(Instant start, String action, String user, String client, String object, Long rows,
                            Long bytes, int status, String error, String requestId) {
        long durationMs = Duration.between(start, Instant.now()).toMillis();
        return new AuditEvent(start, service, action, user == null ? AuditEvent.ANONYMOUS : user, client, object, rows,
                bytes, durationMs, status, AuditEvent.outcomeOf(status), error, requestId);
    }

    /**
     * The status of a request that ends with {@code e}: 401 for a missing login and 403 for a refusal (answered so by
     * quarkus-security and {@code ForbiddenMapper}), 500 for anything else.
     */
    public static int statusOf(RuntimeException e) {
        return e instanceof UnauthorizedException ? 401 : e instanceof ForbiddenException ? 403 : 500;
    }

    /** Logs the event and queues it for Kafka; returns at once, whatever state Kafka is in. */
    public void record(AuditEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            log(event);
        } catch (RuntimeException e) {
            LOG.warnf("audit log line not written: %s", e.getMessage());
        }
        if (!queue.offer(event)) {
            drop(event, "the queue of " + config.queueSize() + " events is full");
            return;
        }
        startSender();
    }

    private void log(AuditEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("audit.service", event.service());
        fields.put("audit.action", event.action());
        fields.put("audit.user", event.user());
        fields.put("audit.client", event.client());
        fields.put("audit.object", event.object());
        fields.put("audit.rows", event.rows());
        fields.put("audit.bytes", event.bytes());
        fields.put("audit.duration_ms", event.durationMs());
        fields.put("audit.status", event.status());
        fields.put("audit.outcome", event.outcome());
        fields.put("audit.error", event.error());
        fields.put("audit.request_id", event.requestId());
        Map<String, Object> before = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            before.put(key, MDC.get(key));
            if (value != null) {
                MDC.put(key, String.valueOf(value));
            } else {
                MDC.remove(key);
            }
        });
        try {
            AUDIT.infof("audit %s %s %d", event.action(), event.user(), event.status());
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }

    /** The sender starts with the first event, so a service that is never asked anything opens no connection. */
    private synchronized void startSender() {
        if (sender == null && running) {
            sender = new Thread(this::send, "audit-sender");
            sender.setDaemon(true);
            sender.start();
        }
    }

    private void send() {
        KafkaProducer<String, String> producer = null;
        try {
            producer = producer();
            while (running || !queue.isEmpty()) {
                AuditEvent event = queue.poll(500, TimeUnit.MILLISECONDS);
                if (event != null) {
                    send(producer, event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "the audit sender stopped; events are only logged from now on");
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5)); // at shutdown: what Kafka has not taken by then is lost
            }
        }
    }

    /** Hands one event to the producer; waits at most max.block.ms (the broker's metadata, or buffer space). */
    private void send(KafkaProducer<String, String> producer, AuditEvent event) {
        try {
            producer.send(new ProducerRecord<>(config.topic(), event.user(), json.writeValueAsString(event)),
                    (metadata, error) -> {
                        if (error == null) {
                            sent.increment();
                        } else {
                            drop(event, error.getMessage());
                        }
                    });
        } catch (JsonProcessingException | RuntimeException e) {
            drop(event, e.getMessage());
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-audit");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // bounded: while Kafka is away the sender waits at most this long per event, then the event is dropped
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private void drop(AuditEvent event, String why) {
        dropped.increment();
        // one line per hundred drops: a Kafka outage must not flood the log
        if ((long) dropped.count() % 100 == 1) {
            LOG.warnf("audit event dropped (%s %s %d; %.0f dropped so far): %s", event.action(), event.user(),
                    event.status(), dropped.count(), why);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread thread;
        synchronized (this) {
            thread = sender;
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

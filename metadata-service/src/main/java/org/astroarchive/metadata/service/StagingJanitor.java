package org.astroarchive.metadata.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.metadata.config.MetadataConfig;
import org.astroarchive.metadata.repository.RowStore;
import org.astroarchive.metadata.repository.StreamedFiles;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Staged batches of a file version whose importer died before sending everything are invisible but would stay
 * forever: after {@code metadata.staging-retention} without news they are reported on the dead-letter topic (so
 * operators see which files to send again) and dropped. Several instances may sweep at once: the report can repeat,
 * the drop is idempotent.
 */
@ApplicationScoped
public class StagingJanitor {

    private static final Logger LOG = Logger.getLogger(StagingJanitor.class);

    private final RowStore store;
    private final StreamedFiles streams;
    private final MetadataConfig config;
    private final MutinyEmitter<Record<String, DeadLetter>> deadLetters;
    private ScheduledExecutorService sweeper;

    public StagingJanitor(RowStore store, StreamedFiles streams, MetadataConfig config,
                          @Channel("ingest-deadletter") MutinyEmitter<Record<String, DeadLetter>> deadLetters) {
        this.store = store;
        this.streams = streams;
        this.config = config;
        this.deadLetters = deadLetters;
    }

    void start(@Observes StartupEvent event) {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "staging-janitor"));
        long every = config.stagingSweepEvery().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepSafely, every, every, TimeUnit.MILLISECONDS);
        // open files idle for metadata.streaming.idle move to staging, where the sweep above finds them later
        long idle = Math.max(1000, config.streaming().idle().toMillis() / 3);
        sweeper.scheduleWithFixedDelay(this::sweepStreamsSafely, idle, idle, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("staging sweep failed (%s); trying again later", e.getMessage());
        }
    }

    private void sweepStreamsSafely() {
        try {
            streams.sweepIdle();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("moving idle open files to staging failed (%s); trying again later", e.getMessage());
        }
    }

    /** One sweep; returns what was dropped. */
    public List<RowStore.Abandoned> sweep() throws SQLException {
        List<RowStore.Abandoned> abandoned = store.abandoned(config.stagingRetention());
        for (RowStore.Abandoned file : abandoned) {
            String reason = "abandoned in staging: " + file.batches() + " row batch(es) and "
                    + (file.announcements() > 0 ? "its announcement" : "no announcement") + " arrived, nothing since "
                    + file.lastSeen() + " (more than " + config.stagingRetention() + "); send the file again";
            deadLetters.sendAndAwait(Record.of(file.did(), new DeadLetter(file.did(), null, "metadata-service", reason,
                    Instant.now())));
            store.discard(file.did(), file.md5());
            LOG.warnf("%s (md5 %s): %s", file.did(), file.md5(), reason);
        }
        return abandoned;
    }
}

package org.astroarchive.tap.uws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.astroarchive.tap.TestTapConfig;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Blocking WAIT (UWS 1.1 §2.2.1.1) is woken by the phase change itself, made on the same instance or on another one
 * (a second repository with its own signals: it can only reach the waiter through PostgreSQL's NOTIFY). The re-read
 * interval is a minute, longer than the bound the tests allow, so a WAIT that ends with the new phase in time was
 * woken by the signal, not by the fallback timer.
 */
class JobWaitTest {

    private static final Duration RECHECK = Duration.ofSeconds(60);
    private static final long BOUND_SECONDS = 30;
    private static final TapConfig CONFIG = TestTapConfig.of(Map.of("maxWait", Duration.ofSeconds(55), "waitRecheck", RECHECK));

    private static LocalComponent postgres;
    private static DataSource dataSource;
    private static JobSignals signals;
    private static JobRepository jobs;
    private static JobNotifications notifications;
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() {
        postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        PGSimpleDataSource simple = new PGSimpleDataSource();
        simple.setURL(ArchiveDatabase.jdbcUrl(postgres));
        simple.setUser("postgres");
        dataSource = simple;
        signals = new JobSignals();
        jobs = new JobRepository(dataSource, new ObjectMapper(), signals);
        notifications = new JobNotifications(ArchiveDatabase.jdbcUrl(postgres), Optional.of("postgres"), Optional.empty(), signals);
        notifications.start();
    }

    @AfterAll
    static void stop() {
        notifications.stop();
        POOL.shutdownNow();
    }

    @Test
    void waitReturnsTheNewPhaseWhenThisInstanceChangesIt() throws Exception {
        String job = queuedJob();
        long woken = signals.wokenBySignal();
        Future<Optional<Job>> waiting = POOL.submit(() -> JobService.await(jobs, signals, CONFIG, job, null, Duration.ofSeconds(-1)));
        awaitWatching(job);

        assertThat(jobs.claim(job, "this-instance")).isTrue();

        assertThat(waiting.get(BOUND_SECONDS, TimeUnit.SECONDS).orElseThrow().phase()).isEqualTo(Phase.EXECUTING);
        assertThat(signals.wokenBySignal()).isGreaterThan(woken);
    }

    @Test
    void waitReturnsTheNewPhaseWhenAnotherInstanceChangesIt() throws Exception {
        String job = queuedJob();
        claimOnOtherInstance(job);
        long received = notifications.received();
        Future<Optional<Job>> waiting = POOL.submit(() -> JobService.await(jobs, signals, CONFIG, job, null, Duration.ofSeconds(-1)));
        awaitWatching(job);

        otherInstance().completed(job, "async/" + job + "/result", 4);

        assertThat(waiting.get(BOUND_SECONDS, TimeUnit.SECONDS).orElseThrow().phase()).isEqualTo(Phase.COMPLETED);
        assertThat(notifications.received()).isGreaterThan(received);
    }

    @Test
    void waitIsWokenAgainAfterTheListeningConnectionWasDropped() throws Exception {
        long opened = notifications.connections();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + JobNotifications.APPLICATION_NAME + "'");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (notifications.connections() == opened && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(notifications.connections()).as("listening connection reopened").isGreaterThan(opened);

        String job = queuedJob();
        Future<Optional<Job>> waiting = POOL.submit(() -> JobService.await(jobs, signals, CONFIG, job, Phase.QUEUED, Duration.ofSeconds(-1)));
        awaitWatching(job);
        otherInstance().failed(job, "test failure");

        assertThat(waiting.get(BOUND_SECONDS, TimeUnit.SECONDS).orElseThrow().phase()).isEqualTo(Phase.ERROR);
    }

    @Test
    void waitForAnotherPhaseReturnsAtOnceAndAShortWaitEndsUnchanged() throws Exception {
        String job = queuedJob();
        // UWS 1.1 §2.2.1.1: PHASE names the phase to wait in; the job is elsewhere, so no blocking
        assertThat(JobService.await(jobs, signals, CONFIG, job, Phase.EXECUTING, Duration.ofSeconds(30)).orElseThrow().phase())
                .isEqualTo(Phase.QUEUED);
        assertThat(JobService.await(jobs, signals, CONFIG, job, null, Duration.ofMillis(10)).orElseThrow().phase())
                .isEqualTo(Phase.QUEUED);
    }

    /**
     * Waits until the waiter thread has read the job and blocks, so the change under test happens while it blocks
     * (watching alone is not enough: a change before its read would become the phase it waits to leave).
     */
    private static void awaitWatching(String job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!signals.blocked(job) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(signals.blocked(job)).as("a WAIT is blocked on " + job).isTrue();
    }

    private static String queuedJob() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        jobs.insert(new Job(id, null, null, Phase.PENDING, Map.of("QUERY", "SELECT 1"), now, null, null, 60,
                now.plus(Duration.ofHours(1)), null, null, null, Set.of()));
        assertThat(jobs.transition(id, Set.of(Phase.PENDING), Phase.QUEUED)).isTrue();
        return id;
    }

    private static void claimOnOtherInstance(String job) {
        assertThat(otherInstance().claim(job, "other-instance")).isTrue();
    }

    /** Another tap-service instance: same database, its own in-process signals. */
    private static JobRepository otherInstance() {
        return new JobRepository(dataSource, new ObjectMapper(), new JobSignals());
    }
}

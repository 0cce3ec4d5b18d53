package org.astroarchive.tap.uws;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears the phase changes other instances make ({@code NOTIFY uws_job, '<job id>'}, sent by {@link JobRepository} in
 * the transaction of the change, so delivered once it commits) on a connection of its own, and passes them to
 * {@link JobSignals}. A dropped connection is opened again; meanwhile, and for a notification lost anyway, waiters
 * still re-read their job every {@code tap.wait-recheck}.
 */
@ApplicationScoped
public class JobNotifications {

    /** The PostgreSQL notification channel of job phase changes; the payload is the job ID. */
    public static final String CHANNEL = "uws_job";
    /** application_name of the listening session, to find it in pg_stat_activity. */
    public static final String APPLICATION_NAME = "tap-job-listener";
    private static final Logger LOG = Logger.getLogger(JobNotifications.class);
    private static final int POLL_MILLIS = 5_000;
    private static final long RECONNECT_MILLIS = 1_000;

    private final String url;
    private final String user;
    private final String password;
    private final JobSignals signals;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean running;
    private volatile Connection current;
    private Thread thread;

    public JobNotifications(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
                            JobSignals signals) {
        this.url = url;
        this.user = user.orElse("");
        this.password = password.orElse("");
        this.signals = signals;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts listening on a daemon thread. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "uws-job-listener");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            closeQuietly(current);
            thread = null;
        }
    }

    /** Notifications received so far. */
    public long received() {
        return received.get();
    }

    /** Listening connections opened so far (more than one: it was dropped and reopened). */
    public long connections() {
        return connections.get();
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                    + "ApplicationName=" + APPLICATION_NAME, user, password); Statement statement = connection.createStatement()) {
                current = connection;
                statement.execute("LISTEN " + CHANNEL);
                connections.incrementAndGet();
                // changes made while no one listened are unknown: let every waiter look again
                signals.signalAll();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications == null || notifications.length == 0) {
                        // quiet: check that the connection still answers (a dead peer otherwise goes unnoticed)
                        statement.execute("SELECT 1");
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        received.incrementAndGet();
                        signals.signal(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("job notifications interrupted (%s): reconnecting; waiters re-read their jobs meanwhile",
                            e.getMessage());
                    try {
                        Thread.sleep(RECONNECT_MILLIS);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } finally {
                current = null;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the listening connection", e);
            }
        }
    }
}

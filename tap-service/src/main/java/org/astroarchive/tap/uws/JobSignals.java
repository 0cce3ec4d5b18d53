package org.astroarchive.tap.uws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process wake-ups for blocking WAITs (UWS 1.1 §2.2.1.1): whoever changes a job's phase on this instance, or hears
 * of a change made elsewhere ({@link JobNotifications}), signals it here, and the requests waiting on that job re-read
 * it at once instead of at their next poll.
 */
@ApplicationScoped
public class JobSignals {

    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
    private final AtomicLong signalled = new AtomicLong();

    /** Wakes the watchers of {@code jobId}; a job nobody watches costs one map look-up. */
    public void signal(String jobId) {
        Channel channel = channels.get(jobId);
        if (channel != null) {
            synchronized (channel) {
                channel.version++;
                channel.notifyAll();
            }
        }
    }

    /** Wakes every watcher, e.g. when notifications from other instances may have been missed. */
    public void signalAll() {
        channels.keySet().forEach(this::signal);
    }

    /** Whether a waiter is watching {@code jobId} now (for tests). */
    boolean watched(String jobId) {
        return channels.containsKey(jobId);
    }

    /** Whether a waiter is blocked in {@link Watch#await} on {@code jobId} now, i.e. has read the job (for tests). */
    boolean blocked(String jobId) {
        Channel channel = channels.get(jobId);
        if (channel == null) {
            return false;
        }
        synchronized (channel) {
            return channel.blocked > 0;
        }
    }

    /** Watches made so far that were woken by a signal rather than by their timeout (for tests and logs). */
    public long wokenBySignal() {
        return signalled.get();
    }

    /**
     * Starts watching {@code jobId}. Watch before reading the job, so a change made between the read and
     * {@link Watch#await} is not missed.
     */
    public Watch watch(String jobId) {
        Channel channel = channels.compute(jobId, (id, existing) -> {
            Channel c = existing == null ? new Channel() : existing;
            c.watchers++;
            return c;
        });
        long seen;
        synchronized (channel) {
            seen = channel.version;
        }
        return new Watch(jobId, channel, seen);
    }

    private static final class Channel {
        /** Changed under the map's lock for its key (compute). */
        int watchers;
        /** Guarded by the channel's monitor. */
        long version;
        /** Waiters inside {@link Watch#await}; guarded by the channel's monitor. */
        int blocked;
    }

    /** One waiter's view of a job's signals. */
    public final class Watch implements AutoCloseable {
        private final String jobId;
        private final Channel channel;
        private long seen;

        private Watch(String jobId, Channel channel, long seen) {
            this.jobId = jobId;
            this.channel = channel;
            this.seen = seen;
        }

        /** Waits until the job is signalled (true; also for a signal since the last call) or {@code millis} pass (false). */
        public boolean await(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            synchronized (channel) {
                channel.blocked++;
                try {
                    while (channel.version == seen) {
                        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        if (left <= 0) {
                            return false;
                        }
                        channel.wait(left);
                    }
                } finally {
                    channel.blocked--;
                }
                seen = channel.version;
            }
            signalled.incrementAndGet();
            return true;
        }

        @Override
        public void close() {
            channels.computeIfPresent(jobId, (id, c) -> --c.watchers == 0 ? null : c);
        }
    }
}

package org.astroarchive.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: {@code clients} threads each send a request, wait for its whole answer, and send the next, until
 * the duration is over. Requests started before the end are waited for and counted; the measured time runs from the
 * start until the last of them is answered.
 */
final class ClosedLoop {

    /** One request; returns the bytes (or rows) it transferred; throws when it failed. */
    @FunctionalInterface
    interface Request {
        long send(int client, long sequence) throws Exception;
    }

    /** What one measurement gave. */
    record Result(int clients, double seconds, long requests, long failures, long volume, Latencies latencies,
                  String firstFailure) {
        double perSecond() {
            return requests / seconds;
        }

        double volumePerSecond() {
            return volume / seconds;
        }
    }

    private static final int GIVE_UP_AFTER_FAILURES = 100;

    private ClosedLoop() {
    }

    /**
     * @param minimumRequests each client goes on past the duration until it has sent this many (for slow requests
     *                        such as a 100,000-row result, so that one measurement is never a single request)
     */
    static Result run(int clients, Duration duration, long minimumRequests, Request request) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<long[]> latencies = new ArrayList<>();
        long[][] counts = new long[clients][3]; // requests, failures, volume
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        List<List<Long>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            List<Long> mine = new ArrayList<>();
            perClient.add(mine);
            Thread thread = new Thread(() -> {
                long sequence = 0;
                while (System.nanoTime() < deadline || sequence < minimumRequests) {
                    long t0 = System.nanoTime();
                    try {
                        counts[client][2] += request.send(client, sequence);
                        mine.add(System.nanoTime() - t0);
                        counts[client][0]++;
                    } catch (Exception e) {
                        counts[client][1]++;
                        firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                        if (e instanceof InterruptedException || counts[client][1] >= GIVE_UP_AFTER_FAILURES) {
                            return; // the run has failed anyway; do not spin against a dead service
                        }
                    }
                    sequence++;
                }
            }, "load-" + c);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long requests = 0;
        long failures = 0;
        long volume = 0;
        for (int c = 0; c < clients; c++) {
            requests += counts[c][0];
            failures += counts[c][1];
            volume += counts[c][2];
            latencies.add(perClient.get(c).stream().mapToLong(Long::longValue).toArray());
        }
        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new Result(clients, seconds, requests, failures, volume, new Latencies(all), firstFailure.get());
    }
}

package org.astroarchive.benchmarks;

import java.util.Arrays;

/** Request latencies of one measurement, in nanoseconds, and their percentiles. */
final class Latencies {

    private final long[] sorted;

    Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /**
     * The nearest-rank percentile: the smallest latency that at least {@code p} % of the requests did not exceed.
     * No interpolation, so every figure is a latency that was really measured.
     */
    double percentileMillis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be within (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    double meanMillis() {
        return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElseThrow() / 1e6;
    }
}

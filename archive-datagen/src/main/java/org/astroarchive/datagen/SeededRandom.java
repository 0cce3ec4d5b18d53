package org.astroarchive.datagen;

/**
 * SplitMix64 (Steele, Lea and Flood 2014) with StrictMath transforms. Written out rather than taken from the JDK
 * so that a seed gives the same files on every JVM and platform: {@code SplittableRandom} does not promise its
 * sequence across releases, and {@code Math.log}/{@code Math.cos} may differ by an ulp between intrinsics.
 */
final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * An independent stream per (seed, table, file), so that each file can be generated on its own and adding
     * files never changes the ones before.
     */
    static SeededRandom stream(long seed, String name, long index) {
        long s = mix(seed);
        s = mix(s ^ mix(name.hashCode() + GOLDEN_GAMMA));
        s = mix(s ^ mix(index * GOLDEN_GAMMA + 1));
        return new SeededRandom(s);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound); the bias of the multiply-shift is below 2^-32 for the small bounds used here. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [origin, bound). */
    double uniform(double origin, double bound) {
        return origin + (bound - origin) * nextDouble();
    }

    /** Standard normal by Box–Muller (one value per call: simpler state, and speed is not the bottleneck). */
    double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log stays finite
        double u2 = nextDouble();
        return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    double gaussian(double mean, double sigma) {
        return mean + sigma * nextGaussian();
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * StrictMath.log(1.0 - nextDouble());
    }

    /** Log-normal factor with median 1: exp(sigma·N(0,1)). */
    double logNormalFactor(double sigma) {
        return StrictMath.exp(sigma * nextGaussian());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.astroarchive.datagen;

import java.util.Arrays;

/**
 * Draws the transits of one file's sources: 5 to 40 each, spread over the DR3 observation period, with Gaia's
 * transit_id encoding so that an importer can decode time, field of view, CCD row and AC pixel from it.
 *
 * <p>Uniqueness of transit_id across all files, without shared state: the mission is cut into slots of
 * {@code sources} OBMT ticks, and a source with running number g (its draw index, the low bits of its source_id)
 * only uses tick g of the slots it draws. Two sources never share a tick; one source never draws a slot twice.
 */
final class TransitSimulator {

    static final String STREAM = "AstroElementary";
    static final int MIN_TRANSITS = 5;
    static final int MAX_TRANSITS = 40;
    /** SM, then AF1 to AF9. */
    static final int CCDS = 10;
    /** transit_id holds OBMT in units of 204,800 ns (Gaia DR3 data model, transit_id). */
    static final long OBMT_TICK_NS = 204_800;
    static final int AC_PIXELS = 1966;

    private static final double NS_PER_REVOLUTION = 6 * 3600e9;
    /** DR3 data: 2014-07-25 (OBMT 1078.4 rev, Gaia DR2 doc. table 1.4) to 2017-05-28 (OBMT ≈ 5228.6 rev). */
    private static final double FIRST_REVOLUTION = 1078.4;
    private static final double LAST_REVOLUTION = 5228.6;
    private static final long FIRST_TICK = (long) Math.ceil(FIRST_REVOLUTION * NS_PER_REVOLUTION / OBMT_TICK_NS);
    private static final long LAST_TICK = (long) (LAST_REVOLUTION * NS_PER_REVOLUTION / OBMT_TICK_NS);

    private final GaiaGeneratorOptions options;
    private final long slotCount;

    TransitSimulator(GaiaGeneratorOptions options) {
        this.options = options;
        this.slotCount = (LAST_TICK - FIRST_TICK) / options.sources();
        if (slotCount < MAX_TRANSITS) { // GaiaGeneratorOptions.MAX_SOURCES keeps this from happening
            throw new IllegalStateException("too many sources for unique transit ids: " + options.sources());
        }
    }

    TransitBatch simulate(int fileIndex, SourceBatch sources) {
        SeededRandom rnd = SeededRandom.stream(options.seed(), STREAM, fileIndex);
        int n = sources.size();
        int[] counts = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            counts[i] = (int) Math.max(MIN_TRANSITS, Math.min(MAX_TRANSITS, Math.round(rnd.gaussian(22, 7))));
            total += counts[i];
        }
        TransitBatch t = new TransitBatch(new long[total], new long[total], new int[total][], new double[total],
                new double[total], new int[total]);
        int row = 0;
        for (int i = 0; i < n; i++) {
            long sourceId = sources.sourceId()[i];
            long runningNumber = sourceId & SourceSimulator.RUNNING_NUMBER_MASK;
            for (long slot : distinctSortedSlots(rnd, counts[i])) {
                long tick = FIRST_TICK + slot * options.sources() + runningNumber;
                drawTransit(rnd, t, row++, sourceId, tick);
            }
        }
        return t;
    }

    private void drawTransit(SeededRandom rnd, TransitBatch t, int row, long sourceId, long tick) {
        int fov = 1 + rnd.nextInt(2); // 1 preceding, 2 following
        int ccdRow = 1 + rnd.nextInt(7);
        int acAf1 = 14 + rnd.nextInt(AC_PIXELS - 28); // window centre kept off the CCD edges
        double drift = rnd.gaussian(0, 1.0); // AC motion of the image, pixels per CCD
        int[] ac = new int[CCDS];
        for (int ccd = 0; ccd < CCDS; ccd++) {
            int jitter = ccd == 1 ? 0 : rnd.nextInt(3) - 1; // AF1 is the reference pixel of transit_id
            ac[ccd] = (int) Math.max(0, Math.min(AC_PIXELS - 1, Math.round(acAf1 + (ccd - 1) * drift) + jitter));
        }
        t.sourceId()[row] = sourceId;
        t.transitId()[row] = tick << 17 | (long) (fov - 1) << 15 | (long) ccdRow << 12 | acAf1;
        t.acWinCoord()[row] = ac;
        t.transitTime()[row] = tcbDaysSinceJ2010(tick * OBMT_TICK_NS + rnd.nextInt((int) OBMT_TICK_NS));
        boolean ambiguous = rnd.nextDouble() < 0.03;
        t.matchFlag()[row] = ambiguous ? 1 : 0;
        // Rayleigh: the modulus of a 2-D Gaussian offset
        t.matchDistance()[row] = (ambiguous ? 60 : 20) * Math.sqrt(2 * rnd.exponential(1));
    }

    private long[] distinctSortedSlots(SeededRandom rnd, int count) {
        long[] slots = new long[count];
        int k = 0;
        while (k < count) {
            long slot = (long) (rnd.nextDouble() * slotCount);
            boolean seen = false;
            for (int j = 0; j < k && !seen; j++) {
                seen = slots[j] == slot;
            }
            if (!seen) {
                slots[k++] = slot;
            }
        }
        Arrays.sort(slots);
        return slots;
    }

    /**
     * OBMT to TCB, accurate to about a second (Gaia EDR3 documentation, eq. 1.1):
     * TCB ≈ J2015.0 + (OBMT − 1717.6256 rev) / (1461 rev/yr); J2015.0 is 1826.25 days after JD 2455197.5.
     */
    static double tcbDaysSinceJ2010(double obmtNs) {
        return 1826.25 + (obmtNs / NS_PER_REVOLUTION - 1717.6256) / 4;
    }

    /** Inverse of {@link #tcbDaysSinceJ2010}, for tests and readers that decode transit_id. */
    static double obmtNs(double tcbDaysSinceJ2010) {
        return ((tcbDaysSinceJ2010 - 1826.25) * 4 + 1717.6256) * NS_PER_REVOLUTION;
    }
}

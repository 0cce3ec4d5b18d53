package org.astroarchive.datagen;

import java.util.Arrays;

/**
 * Draws one file's sources. Each source gets a hidden G magnitude, colour, absolute magnitude and extinction; the
 * written columns follow from those, so errors grow with magnitude and parallaxes with proximity as in Gaia DR3.
 * Only the columns are kept.
 */
final class SourceSimulator {

    /** Gaia convention: source_id = level-12 HEALPix NESTED index · 2^35 + a number below 2^35. */
    static final long SOURCE_ID_HEALPIX_FACTOR = 1L << 35;
    static final long RUNNING_NUMBER_MASK = SOURCE_ID_HEALPIX_FACTOR - 1;

    static final String STREAM = "CompleteSource";

    /** Share of the disc population (the rest is spread uniformly on the sky, like a halo). */
    private static final double DISC_FRACTION = 0.7;
    /** Scale height of the disc in galactic latitude: about 5°, so the plane is ~30 times denser than the poles. */
    private static final double DISC_LATITUDE_SCALE = Math.toRadians(5);
    /** Number counts rise by ~0.3 dex a magnitude towards the faint limit. */
    private static final double MAGNITUDE_SCALE = 1 / (0.3 * Math.log(10));
    private static final double FAINT_LIMIT = 20.8;
    /** Radial velocities exist only for bright sources (about 2 % of the catalogue, as in DR3). */
    private static final double RADIAL_VELOCITY_LIMIT = 15.0;
    /** km/s per (mas/yr · kpc): proper motion times distance gives tangential velocity. */
    private static final double K = 4.740470446;

    private final GaiaGeneratorOptions options;

    SourceSimulator(GaiaGeneratorOptions options) {
        this.options = options;
    }

    SourceBatch simulate(int fileIndex) {
        long first = (long) fileIndex * options.sourcesPerFile();
        int n = (int) Math.min(options.sourcesPerFile(), options.sources() - first);
        int inBox = fileIndex == 0 ? options.seedBoxSources() : 0;
        SeededRandom rnd = SeededRandom.stream(options.seed(), STREAM, fileIndex);
        SourceBatch drawn = new SourceBatch(new long[n], new double[n], new double[n], new double[n], new double[n],
                new double[n], new double[n], new double[n], new double[n], new double[n], new double[n],
                new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++) {
            draw(rnd, drawn, i, first + i, i < inBox);
        }
        return sortedBySourceId(drawn, first);
    }

    private void draw(SeededRandom rnd, SourceBatch s, int i, long runningNumber, boolean inSeedBox) {
        boolean disc = inSeedBox || rnd.nextDouble() < DISC_FRACTION;
        double alpha;
        double delta;
        if (inSeedBox) {
            SeedBox box = options.seedBox();
            // 5 % margins: the query's bounds are strict, and rounding must not push a source onto them
            alpha = box.alphaMin() + (box.alphaMax() - box.alphaMin()) * rnd.uniform(0.05, 0.95);
            delta = box.deltaMin() + (box.deltaMax() - box.deltaMin()) * rnd.uniform(0.05, 0.95);
        } else if (disc) {
            double l = rnd.nextDouble() < 0.5 ? rnd.uniform(0, 2 * Math.PI) : rnd.gaussian(0, 0.7);
            double b;
            do { // Laplace profile across the plane
                b = (rnd.nextDouble() < 0.5 ? -1 : 1) * rnd.exponential(DISC_LATITUDE_SCALE);
            } while (Math.abs(b) > Math.PI / 2);
            double[] radec = GalacticFrame.toIcrs(l, b);
            alpha = radec[0];
            delta = radec[1];
        } else { // uniform on the sphere: uniform in sin(delta)
            alpha = GalacticFrame.normalizeAlpha(rnd.uniform(0, 2 * Math.PI));
            delta = StrictMath.asin(rnd.uniform(-1, 1));
        }
        s.alpha()[i] = alpha;
        s.delta()[i] = delta;
        s.sourceId()[i] = Healpix.ang2pixNest(Healpix.GAIA_ORDER, alpha, delta) * SOURCE_ID_HEALPIX_FACTOR
                + runningNumber;

        double g = clamp(FAINT_LIMIT - rnd.exponential(MAGNITUDE_SCALE) + rnd.gaussian(0, 0.25), 3, 21);
        double colour = disc ? rnd.gaussian(1.4, 0.55) : rnd.gaussian(0.85, 0.25); // BP-RP
        double absMag = disc ? rnd.gaussian(4.0, 2.2) : rnd.gaussian(3.0, 1.5);
        double extinction = rnd.exponential(disc ? 0.8 : 0.05);
        double distanceKpc = clamp(StrictMath.pow(10, (g - absMag - extinction + 5) / 5) / 1000, 0.003, 40);

        // parallax precision against G (de Bruijne 2012, Ap&SS 341, 31), near DR3 values from G 13 to 21; 12 µas floor
        double z = StrictMath.pow(10, 0.4 * (Math.max(g, 13) - 15));
        double sigmaVarpi = StrictMath.hypot(Math.sqrt(-1.631 + 680.766 * z + 32.732 * z * z) / 1000, 0.012)
                * rnd.logNormalFactor(0.25); // scanning coverage: shared by all five parameters
        s.varpiError()[i] = sigmaVarpi * rnd.logNormalFactor(0.1);
        s.alphaStarError()[i] = 0.80 * sigmaVarpi * rnd.logNormalFactor(0.1);
        s.deltaError()[i] = 0.70 * sigmaVarpi * rnd.logNormalFactor(0.1);
        s.muAlphaStarError()[i] = 1.05 * sigmaVarpi * rnd.logNormalFactor(0.1);
        s.muDeltaError()[i] = 0.95 * sigmaVarpi * rnd.logNormalFactor(0.1);
        s.varpi()[i] = 1 / distanceKpc + s.varpiError()[i] * rnd.nextGaussian();

        double dispersion = disc ? 30 : 150; // km/s per axis
        s.muAlphaStar()[i] = rnd.gaussian(disc ? -5 : 0, dispersion) / (K * distanceKpc)
                + s.muAlphaStarError()[i] * rnd.nextGaussian();
        s.muDelta()[i] = rnd.gaussian(0, dispersion) / (K * distanceKpc)
                + s.muDeltaError()[i] * rnd.nextGaussian();

        if (g < RADIAL_VELOCITY_LIMIT && rnd.nextDouble() < 0.95) {
            double sigmaRv = (0.15 + 1.2 * StrictMath.pow(10, 0.3 * (g - 12.5))) * rnd.logNormalFactor(0.3);
            s.radialVelocity()[i] = rnd.gaussian(disc ? -10 : 0, dispersion) + sigmaRv * rnd.nextGaussian();
            s.radialVelocityError()[i] = sigmaRv;
        } else {
            s.radialVelocity()[i] = Double.NaN;
            s.radialVelocityError()[i] = Double.NaN;
        }

        // EDR3 relation to BP-RP (Lindegren et al. 2021, A&A 649, A2), clamped to 1.24-1.72 as for 5p solutions
        s.nuEffUsedInAstrometry()[i] = clamp(1.76 - 1.61 / Math.PI * StrictMath.atan(0.531 * colour), 1.24, 1.72);
    }

    /** Gaia files are ordered by source_id, i.e. by HEALPix pixel. */
    private static SourceBatch sortedBySourceId(SourceBatch s, long first) {
        int n = s.size();
        long[] ids = s.sourceId().clone();
        Arrays.sort(ids);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) ((ids[k] & RUNNING_NUMBER_MASK) - first); // the running number is the draw index
        }
        return new SourceBatch(ids, permute(s.alpha(), order), permute(s.delta(), order),
                permute(s.alphaStarError(), order), permute(s.deltaError(), order), permute(s.muAlphaStar(), order),
                permute(s.muDelta(), order), permute(s.muAlphaStarError(), order),
                permute(s.muDeltaError(), order), permute(s.varpi(), order), permute(s.varpiError(), order),
                permute(s.radialVelocity(), order), permute(s.radialVelocityError(), order),
                permute(s.nuEffUsedInAstrometry(), order));
    }

    private static double[] permute(double[] values, int[] order) {
        double[] out = new double[values.length];
        for (int k = 0; k < order.length; k++) {
            out[k] = values[order[k]];
        }
        return out;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}

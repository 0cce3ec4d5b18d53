package org.astroarchive.datagen;

/**
 * HEALPix ang2pix in the NESTED scheme (Górski et al. 2005, ApJ 622, 759), written out because no HEALPix library
 * is on Maven Central. Follows the reference implementation ({@code healpix_base loc2pix}), including its
 * sin(theta) branch near the poles, and agrees with HEALPix Java 3.60 on the values in the tests.
 */
public final class Healpix {

    /** Gaia's source_id carries the level-12 pixel of the source above its low 35 bits. */
    public static final int GAIA_ORDER = 12;
    public static final int MAX_ORDER = 29;

    private static final double TWO_THIRDS = 2.0 / 3.0;
    private static final double TWO_PI = 2 * Math.PI;

    private Healpix() {
    }

    /**
     * @param order HEALPix order (nside = 2^order), 0 to 29
     * @param alpha right ascension in radians, any value (taken modulo 2π)
     * @param delta declination in radians, within [−π/2, π/2]
     * @return the NESTED pixel index, in [0, 12·4^order)
     */
    public static long ang2pixNest(int order, double alpha, double delta) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("HEALPix order must be within 0.." + MAX_ORDER + ": " + order);
        }
        if (!(delta >= -Math.PI / 2 && delta <= Math.PI / 2) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("position out of range: alpha=" + alpha + " delta=" + delta);
        }
        long nside = 1L << order;
        double z = StrictMath.sin(delta);
        double za = Math.abs(z);
        double phi = alpha % TWO_PI;
        if (phi < 0) {
            phi += TWO_PI;
        }
        double tt = phi / (Math.PI / 2); // in [0, 4)
        if (tt >= 4) {
            tt = 0; // alpha a hair below 2π rounds up to 4: that is the pixel at alpha = 0
        }

        if (za <= TWO_THIRDS) { // equatorial region
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * z * 0.75;
            long jp = (long) (temp1 - temp2); // index of the ascending edge line
            long jm = (long) (temp1 + temp2); // index of the descending edge line
            long ifp = jp >> order;
            long ifm = jm >> order;
            int face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            long ix = jm & (nside - 1);
            long iy = nside - (jp & (nside - 1)) - 1;
            return xyf2nest(order, ix, iy, face);
        }

        // polar caps
        int ntt = Math.min(3, (int) tt);
        double tp = tt - ntt;
        // near the pole 1 - |z| loses every digit: use cos(delta) = sin(theta) instead, as the reference code does
        double tmp = za < 0.99
                ? nside * Math.sqrt(3 * (1 - za))
                : nside * StrictMath.cos(delta) / Math.sqrt((1 + za) / 3);
        long jp = Math.min((long) (tp * tmp), nside - 1);
        long jm = Math.min((long) ((1.0 - tp) * tmp), nside - 1);
        return z >= 0
                ? xyf2nest(order, nside - jm - 1, nside - jp - 1, ntt)
                : xyf2nest(order, jp, jm, ntt + 8);
    }

    /** Number of pixels at an order: 12·4^order. */
    public static long pixelCount(int order) {
        return 12L << (2 * order);
    }

    private static long xyf2nest(int order, long ix, long iy, int face) {
        return ((long) face << (2 * order)) + spreadBits(ix) + (spreadBits(iy) << 1);
    }

    /** Interleaves zeros between the low 32 bits: abc → 0a0b0c (the NESTED index is the Morton code of x, y). */
    static long spreadBits(long v) {
        long x = v & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }
}

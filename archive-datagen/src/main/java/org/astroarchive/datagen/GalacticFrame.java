package org.astroarchive.datagen;

/** Galactic (l, b) to ICRS (alpha, delta), all in radians. */
final class GalacticFrame {

    /**
     * ICRS to galactic rotation A_G' of the Hipparcos catalogue (ESA 1997, Vol. 1, §1.5.3, eq. 1.5.11), the one the
     * Gaia archive uses: each row is a galactic axis expressed in ICRS.
     */
    private static final double[][] ICRS_TO_GALACTIC = {
            {-0.0548755604162154, -0.8734370902348850, -0.4838350155487132},
            {+0.4941094278755837, -0.4448296299600112, +0.7469822444972189},
            {-0.8676661490190047, -0.1980763734312015, +0.4559837761750669}};

    private GalacticFrame() {
    }

    /** @return {alpha in [0, 2π), delta in [−π/2, π/2]} */
    static double[] toIcrs(double l, double b) {
        double cb = StrictMath.cos(b);
        double[] g = {cb * StrictMath.cos(l), cb * StrictMath.sin(l), StrictMath.sin(b)};
        double x = 0;
        double y = 0;
        double z = 0;
        for (int k = 0; k < 3; k++) { // the transpose of a rotation is its inverse
            x += ICRS_TO_GALACTIC[k][0] * g[k];
            y += ICRS_TO_GALACTIC[k][1] * g[k];
            z += ICRS_TO_GALACTIC[k][2] * g[k];
        }
        return new double[] {normalizeAlpha(StrictMath.atan2(y, x)), StrictMath.atan2(z, Math.sqrt(x * x + y * y))};
    }

    /** Into [0, 2π): atan2 gives (−π, π], and −1e-17 + 2π rounds to 2π itself. */
    static double normalizeAlpha(double alpha) {
        double a = alpha < 0 ? alpha + 2 * Math.PI : alpha;
        return a >= 2 * Math.PI ? 0 : a;
    }
}

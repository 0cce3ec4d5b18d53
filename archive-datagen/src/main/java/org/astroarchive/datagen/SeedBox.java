package org.astroarchive.datagen;

/**
 * A box in (alpha, delta), radians, that sample runs fill with a few sources so that a known query finds them.
 * Bounds are exclusive, as in the query.
 */
public record SeedBox(double alphaMin, double alphaMax, double deltaMin, double deltaMax) {

    /**
     * The box of the reference query {@code SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND
     * alpha > 1.61815 AND delta < 0.40205 AND delta > 0.40185}.
     */
    public static final SeedBox REFERENCE_QUERY = new SeedBox(1.61815, 1.61835, 0.40185, 0.40205);

    public SeedBox {
        if (!(0 <= alphaMin && alphaMin < alphaMax && alphaMax <= 2 * Math.PI
                && -Math.PI / 2 <= deltaMin && deltaMin < deltaMax && deltaMax <= Math.PI / 2)) {
            throw new IllegalArgumentException("seed box must satisfy 0 <= alphaMin < alphaMax <= 2π and"
                    + " -π/2 <= deltaMin < deltaMax <= π/2 (radians)");
        }
    }

    public boolean contains(double alpha, double delta) {
        return alpha > alphaMin && alpha < alphaMax && delta > deltaMin && delta < deltaMax;
    }
}

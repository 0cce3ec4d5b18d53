package org.astroarchive.datagen;

/** One file's sources, column by column (as written), sorted by source_id. Units as in {@link GaiaTable}. */
record SourceBatch(long[] sourceId, double[] alpha, double[] delta, double[] alphaStarError, double[] deltaError,
                   double[] muAlphaStar, double[] muDelta, double[] muAlphaStarError, double[] muDeltaError,
                   double[] varpi, double[] varpiError, double[] radialVelocity, double[] radialVelocityError,
                   double[] nuEffUsedInAstrometry) {

    int size() {
        return sourceId.length;
    }

    /** Columns in the order of {@link GaiaTable#COMPLETE_SOURCE}. */
    Object[] columns() {
        return new Object[] {sourceId, alpha, delta, alphaStarError, deltaError, muAlphaStar, muDelta,
                muAlphaStarError, muDeltaError, varpi, varpiError, radialVelocity, radialVelocityError,
                nuEffUsedInAstrometry};
    }
}

package org.astroarchive.datagen;

/**
 * The transits of one file's sources, ordered by source then time. AstroElementary and CrossMatch files share the
 * rows: row k of both describes the same transit.
 */
record TransitBatch(long[] sourceId, long[] transitId, int[][] acWinCoord, double[] transitTime,
                    double[] matchDistance, int[] matchFlag) {

    int size() {
        return transitId.length;
    }

    /** Columns in the order of {@link GaiaTable#ASTRO_ELEMENTARY}. */
    Object[] astroElementaryColumns() {
        return new Object[] {sourceId, transitId, acWinCoord, transitTime};
    }

    /** Columns in the order of {@link GaiaTable#CROSS_MATCH}. */
    Object[] crossMatchColumns() {
        return new Object[] {sourceId, transitId, matchDistance, matchFlag};
    }
}

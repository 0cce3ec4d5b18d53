package org.astroarchive.datalink.repository;

/** What ObsCore says a dataset covers (degrees, metres, MJD); nulls where it does not say. */
public record ObscoreCoverage(String dataproductType, Double sRa, Double sDec, Double sFov, Double emMin, Double emMax,
                              Double tMin, Double tMax) {
}

package org.astroarchive.datalink.repository;

/**
 * What the rows of one Fermi photon (FT1) file in {@code fermi.photon} span, for the VALUES of its event-selection
 * descriptor.
 *
 * @param events    rows of the file
 * @param energyMin MeV
 * @param metMin    Mission Elapsed Time, seconds
 */
public record PhotonRange(long events, double energyMin, double energyMax, double metMin, double metMax) {
}

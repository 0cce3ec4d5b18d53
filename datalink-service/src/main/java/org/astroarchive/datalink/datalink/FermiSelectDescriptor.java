package org.astroarchive.datalink.datalink;

import static org.astroarchive.contracts.soda.SodaServiceDescriptor.num;

import java.util.List;
import org.astroarchive.contracts.soda.SodaServiceDescriptor.Parameter;
import org.astroarchive.datalink.repository.PhotonRange;

/**
 * The input parameters of cutmerge-service's {@code /fermi/select} for one photon file (cutmerge-service README,
 * "Fermi LAT event selection"): every filter optional, with units, UCDs and the ranges a client can offer in a form.
 */
final class FermiSelectDescriptor {

    private FermiSelectDescriptor() {
    }

    static List<Parameter> forFile(String id, PhotonRange range) {
        return List.of(
                new Parameter("ID", "meta.ref.url;meta.curation", null, "char", "*", null, id, null, null,
                        "The publisher DID of the photon file"),
                free("RA", "pos.eq.ra", "deg", "0", "360", "Right ascension (ICRS) of the cone's centre"),
                free("DEC", "pos.eq.dec", "deg", "-90", "90", "Declination (ICRS) of the cone's centre"),
                free("RADIUS", "phys.angSize;src", "deg", "0", "180", "Radius of the cone (RA, DEC and RADIUS go together)"),
                free("EMIN", "em.energy;stat.min", "MeV", num(range.energyMin()), num(range.energyMax()),
                        "Lowest energy, exclusive"),
                free("EMAX", "em.energy;stat.max", "MeV", num(range.energyMin()), num(range.energyMax()),
                        "Highest energy, inclusive"),
                free("TMIN", "time.start", "s", num(range.metMin()), num(range.metMax()),
                        "Start of the time range, exclusive (Fermi Mission Elapsed Time)"),
                free("TMAX", "time.end", "s", num(range.metMin()), num(range.metMax()),
                        "End of the time range, inclusive (Fermi Mission Elapsed Time)"),
                free("ZMAX", "pos.az.zd;stat.max", "deg", "0", "180", "Largest zenith angle of the events kept"));
    }

    /**
     * A filter the client may set, declared {@code arraysize="*"} although it takes one number: pyvo 1.4
     * ({@code DatalinkQuery.from_resource}) fails on a scalar numeric PARAM whose value is empty, reads an empty array
     * as unset, and sends one number as it is; {@code arraysize="1"} is deprecated (VOTable 1.3 Erratum 3).
     */
    private static Parameter free(String name, String ucd, String unit, String min, String max, String description) {
        return new Parameter(name, ucd, unit, "double", "*", null, "", min, max, description);
    }
}

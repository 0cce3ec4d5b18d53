package org.astroarchive.contracts.soda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.astroarchive.contracts.IvoaStandards;

/**
 * What a DataLink service descriptor (DataLink 1.1 §4, SODA 1.0 §4.3) of cutmerge-service's {@code /soda} says: the standardID, and
 * the input parameters with their three-factor semantics (name, UCD, unit; SODA 1.0 table 1), datatypes and, for
 * one dataset, the VALUES a client can expect data for. datalink-service renders these as VOTable PARAMs of a
 * {@code <RESOURCE type="meta" utype="adhoc:service">}.
 */
public final class SodaServiceDescriptor {

    public static final String STANDARD_ID = IvoaStandards.SODA_SYNC;
    /** Path of the endpoint, relative to the archive's public base URL. */
    public static final String PATH = "/soda";

    private SodaServiceDescriptor() {
    }

    /**
     * One input parameter.
     *
     * @param value fixed value (the ID of the dataset described), or "" for a free parameter
     * @param min   VALUES/MIN, or null
     * @param max   VALUES/MAX, or null (for CIRCLE: "ra dec radius" of a covering circle, SODA 1.0 §4.3)
     */
    public record Parameter(String name, String ucd, String unit, String datatype, String arraysize, String xtype,
                            String value, String min, String max, String description) {
    }

    /** The parameters of a generic descriptor (any ID, no VALUES). */
    public static List<Parameter> parameters() {
        return forDataset("", null, null, null, null, null, null, null);
    }

    /**
     * The parameters for one dataset, with VALUES from its ObsCore row (null columns leave the VALUES out; BAND
     * and TIME are left out when the dataset has no spectral or time coverage).
     *
     * @param sFov diameter of the covering circle, degrees (ObsCore s_fov)
     * @param emMin wavelength in metres (ObsCore em_min)
     * @param tMin MJD (ObsCore t_min)
     */
    public static List<Parameter> forDataset(String id, Double sRa, Double sDec, Double sFov, Double emMin,
                                             Double emMax, Double tMin, Double tMax) {
        boolean generic = id == null || id.isEmpty();
        List<Parameter> parameters = new ArrayList<>();
        parameters.add(new Parameter("ID", "meta.ref.url;meta.curation", null, "char", "*", null,
                generic ? "" : id, null, null, "The publisher DID of the dataset of interest"));
        parameters.add(new Parameter("POS", "pos.outline;obs", null, "char", "*", null, "", null, null,
                "Region to cut out, as CIRCLE ra dec radius, RANGE ra1 ra2 dec1 dec2 or POLYGON ra1 dec1 ... "
                        + "(ICRS degrees)"));
        String circle = sRa != null && sDec != null && sFov != null
                ? num(sRa) + " " + num(sDec) + " " + num(sFov / 2) : null;
        parameters.add(new Parameter("CIRCLE", "pos.outline;obs", "deg", "double", "3", "circle", "", null, circle,
                "A circle (ra dec radius) that should be covered by the cutout"));
        parameters.add(new Parameter("POLYGON", "pos.outline;obs", "deg", "double", "*", "polygon", "", null, null,
                "A polygon (ra dec pairs) that should be covered by the cutout"));
        if (generic || emMin != null || emMax != null) {
            parameters.add(new Parameter("BAND", "em.wl;stat.interval", "m", "double", "2", "interval", "",
                    emMin == null ? null : num(emMin), emMax == null ? null : num(emMax),
                    "The wavelength interval to be extracted (for images with a spectral axis)"));
        }
        if (generic || tMin != null || tMax != null) {
            parameters.add(new Parameter("TIME", "time.interval;obs.exposure", "d", "double", "2", "interval", "",
                    tMin == null ? null : num(tMin), tMax == null ? null : num(tMax),
                    "The time interval to be extracted, MJD (for images with a time axis)"));
        }
        return List.copyOf(parameters);
    }

    /** A number as a VALUES bound: ten significant digits, no trailing zeros. */
    public static String num(double value) {
        return String.format(Locale.ROOT, "%.10g", value).replaceFirst("\\.?0+(e|$)", "$1");
    }
}

package org.astroarchive.cutmerge.fermi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.astroarchive.cutmerge.cutmerge.Fault;

/**
 * A Fermi LAT event selection as gtselect makes it: a cone (RA, DEC, RADIUS in degrees), an energy range (EMIN,
 * EMAX in MeV), a time range (TMIN, TMAX in Mission Elapsed Time seconds) and a maximum zenith angle (ZMAX, degrees).
 * Every constraint is optional; absent ones are null (NaN for numbers).
 */
public record EventSelection(String id, double ra, double dec, double radius, double emin, double emax, double tmin,
                             double tmax, double zmax) {

    /** Parses the request; {@code parameters} are keyed by upper-case name. */
    public static EventSelection parse(Map<String, List<String>> parameters) {
        String id = single(parameters, "ID");
        if (id == null) {
            throw Fault.USAGE.exception("ID is missing: give the photon file's dataset ID, "
                    + "ID=ivo://<authority>/fermi?<scope>:<name> or ID=<scope>:<name>");
        }
        double ra = number(parameters, "RA");
        double dec = number(parameters, "DEC");
        double radius = number(parameters, "RADIUS");
        int cone = (Double.isNaN(ra) ? 0 : 1) + (Double.isNaN(dec) ? 0 : 1) + (Double.isNaN(radius) ? 0 : 1);
        if (cone != 0 && cone != 3) {
            throw Fault.USAGE.exception("a cone needs RA, DEC and RADIUS together (degrees), e.g. RA=7.61 DEC=4.86 "
                    + "RADIUS=1; missing: " + missing(ra, "RA", dec, "DEC", radius, "RADIUS"));
        }
        if (cone == 3) {
            if (ra < 0 || ra > 360 || dec < -90 || dec > 90) {
                throw Fault.USAGE.exception("RA=" + ra + " DEC=" + dec + " is not on the sky (0 <= RA <= 360, "
                        + "-90 <= DEC <= 90, degrees)");
            }
            if (!(radius > 0 && radius <= 180)) {
                throw Fault.USAGE.exception("RADIUS=" + radius + " must be > 0 and <= 180 degrees");
            }
        }
        double emin = number(parameters, "EMIN");
        double emax = number(parameters, "EMAX");
        if (emin < 0 || emax < 0) {
            throw Fault.USAGE.exception("EMIN and EMAX are energies in MeV and cannot be negative");
        }
        if (emin > emax) {
            throw Fault.USAGE.exception("EMIN=" + emin + " is above EMAX=" + emax + " (MeV): give EMIN <= EMAX");
        }
        double tmin = number(parameters, "TMIN");
        double tmax = number(parameters, "TMAX");
        if (tmin > tmax) {
            throw Fault.USAGE.exception("TMIN=" + tmin + " is after TMAX=" + tmax + " (MET seconds): give TMIN <= TMAX");
        }
        double zmax = number(parameters, "ZMAX");
        if (!Double.isNaN(zmax) && !(zmax > 0 && zmax <= 180)) {
            throw Fault.USAGE.exception("ZMAX=" + zmax + " must be > 0 and <= 180 degrees");
        }
        return new EventSelection(id, ra, dec, radius, emin, emax, tmin, tmax, zmax);
    }

    boolean hasCone() {
        return !Double.isNaN(radius);
    }

    boolean hasTime() {
        return !Double.isNaN(tmin) || !Double.isNaN(tmax);
    }

    /**
     * Whether an event passes, with gtselect's comparisons (its "Filter string"): angsep(RA,DEC,ra,dec) < radius,
     * emin < ENERGY <= emax, tmin < TIME <= tmax, ZENITH_ANGLE <= zmax.
     */
    boolean accepts(double eventRa, double eventDec, double energy, double time, double zenith) {
        return (!hasCone() || separation(ra, dec, eventRa, eventDec) < radius)
                && (Double.isNaN(emin) || energy > emin) && (Double.isNaN(emax) || energy <= emax)
                && (Double.isNaN(tmin) || time > tmin) && (Double.isNaN(tmax) || time <= tmax)
                && (Double.isNaN(zmax) || zenith <= zmax);
    }

    /** The selection as gtselect writes it into HISTORY ("Filter string: ..."). */
    String filterString() {
        List<String> terms = new ArrayList<>();
        if (hasCone()) {
            terms.add("angsep(RA,DEC," + text(ra) + "," + text(dec) + ") < " + text(radius));
        }
        if (!Double.isNaN(emin)) {
            terms.add(text(emin) + " < ENERGY");
        }
        if (!Double.isNaN(emax)) {
            terms.add("ENERGY <= " + text(emax));
        }
        if (!Double.isNaN(tmin)) {
            terms.add(text(tmin) + " < TIME");
        }
        if (!Double.isNaN(tmax)) {
            terms.add("TIME <= " + text(tmax));
        }
        if (!Double.isNaN(zmax)) {
            terms.add("ZENITH_ANGLE <= " + text(zmax));
        }
        return terms.isEmpty() ? "(all events)" : String.join(" && ", terms);
    }

    /** Angular distance in degrees (haversine). */
    static double separation(double ra1, double dec1, double ra2, double dec2) {
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double h = Math.pow(Math.sin((d2 - d1) / 2), 2)
                + Math.cos(d1) * Math.cos(d2) * Math.pow(Math.sin(Math.toRadians(ra2 - ra1) / 2), 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    /** A number as the DSS keywords and filter strings show it: no trailing ".0". */
    static String text(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return new java.math.BigDecimal(String.valueOf(value)).stripTrailingZeros().toPlainString();
    }

    private static String missing(double a, String an, double b, String bn, double c, String cn) {
        List<String> names = new ArrayList<>();
        if (Double.isNaN(a)) {
            names.add(an);
        }
        if (Double.isNaN(b)) {
            names.add(bn);
        }
        if (Double.isNaN(c)) {
            names.add(cn);
        }
        return String.join(", ", names);
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of()).stream()
                .filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
        if (values.size() > 1) {
            throw Fault.USAGE.exception(name + " was given " + values.size() + " times; give it once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** A finite number, or NaN when the parameter is absent. */
    private static double number(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        if (value == null) {
            return Double.NaN;
        }
        try {
            double number = Double.parseDouble(value);
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Fault.USAGE.exception(name + "='" + value + "' is not a finite number" + unit(name));
    }

    private static String unit(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "EMIN", "EMAX" -> " (MeV)";
            case "TMIN", "TMAX" -> " (Mission Elapsed Time, seconds)";
            default -> " (degrees)";
        };
    }
}

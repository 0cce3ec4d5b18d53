package org.astroarchive.cutmerge.soda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.astroarchive.cutmerge.cutmerge.Fault;

/**
 * One SODA 1.0 {sync} request: the dataset and the filtering parameters of §3.3, parsed by the DALI 1.1 rules
 * (names case-insensitive; empty values mean "not given"; -Inf/+Inf for open interval ends). Every mistake is a
 * {@code UsageFault} naming the parameter and the expected form.
 *
 * @param region POS, CIRCLE or POLYGON (ICRS degrees), or null
 * @param band   BAND: wavelengths in metres, or null
 * @param time   TIME: MJD, or null
 */
public record SodaRequest(String id, SkyRegion region, Interval band, Interval time) {

    /** A DALI 1.1 interval, {@code low <= high}; infinite ends are open. */
    public record Interval(double low, double high) {
        boolean overlaps(double a, double b) {
            return Math.max(a, b) >= low && Math.min(a, b) <= high;
        }

        String text() {
            return SkyRegion.number(low) + " " + SkyRegion.number(high);
        }
    }

    /** Parses the request; {@code parameters} are keyed by upper-case name, as {@code DaliParameters} gives them. */
    public static SodaRequest parse(Map<String, List<String>> parameters) {
        String id = single(parameters, "ID");
        if (id == null) {
            throw Fault.USAGE.exception("ID is missing: give the obs_publisher_did of an image, e.g. "
                    + "ID=ivo://<authority>/<collection>?<scope>:<name> (SODA 1.0 §3.2.1)");
        }
        if (single(parameters, "POL") != null) {
            throw Fault.USAGE.exception("POL is not supported: the archive's images have no polarisation axis");
        }
        String format = single(parameters, "RESPONSEFORMAT");
        if (format != null && !format.equalsIgnoreCase("application/fits") && !format.equalsIgnoreCase("fits")) {
            throw Fault.USAGE.exception("RESPONSEFORMAT=" + format + " is not supported: cutouts are application/fits");
        }
        List<SkyRegion> regions = new ArrayList<>();
        String pos = single(parameters, "POS");
        if (pos != null) {
            regions.add(pos(pos));
        }
        String circle = single(parameters, "CIRCLE");
        if (circle != null) {
            regions.add(circle("CIRCLE", circle));
        }
        String polygon = single(parameters, "POLYGON");
        if (polygon != null) {
            regions.add(polygon("POLYGON", polygon));
        }
        if (regions.size() > 1) {
            throw Fault.USAGE.exception("give one of POS, CIRCLE and POLYGON, not several: this synchronous service "
                    + "cuts one region per request");
        }
        Interval band = interval(parameters, "BAND", "wavelengths in metres, e.g. BAND=5e-7 6e-7");
        if (band != null && band.high() <= 0) {
            throw Fault.USAGE.exception("BAND=" + band.text() + " holds no positive wavelength (metres)");
        }
        Interval time = interval(parameters, "TIME", "MJD values, e.g. TIME=55123.456 55123.466");
        return new SodaRequest(id, regions.isEmpty() ? null : regions.get(0), band, time);
    }

    /** The filtering parameters as a SODA query string, for provenance. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (region != null) {
            parts.add("POS=" + region.text());
        }
        if (band != null) {
            parts.add("BAND=" + band.text());
        }
        if (time != null) {
            parts.add("TIME=" + time.text());
        }
        return parts.isEmpty() ? "(no filter)" : String.join(" ", parts);
    }

    /** The value of a parameter given at most once; null if absent or empty (DALI 1.1 §3.1). */
    public static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of()).stream()
                .filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
        if (values.size() > 1) {
            throw Fault.USAGE.exception(name + " was given " + values.size() + " times; this synchronous service "
                    + "takes one value per request (SODA 1.0 §5.2 MultiValuedParamNotSupported)");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static SkyRegion pos(String value) {
        String[] words = value.split("\\s+", 2);
        String shape = words[0].toUpperCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1] : "";
        return switch (shape) {
            case "CIRCLE" -> circle("POS=CIRCLE", rest);
            case "POLYGON" -> polygon("POS=POLYGON", rest);
            case "RANGE" -> range(rest);
            default -> throw Fault.USAGE.exception("POS='" + value + "' is malformed: it must start with CIRCLE, "
                    + "RANGE or POLYGON, e.g. POS=CIRCLE 12 34 0.5 (SODA 1.0 §3.3.3)");
        };
    }

    private static SkyRegion circle(String name, String value) {
        double[] n = numbers(name, value, name + "=12 34 0.5 (ra dec radius, degrees)");
        if (n.length != 3) {
            throw Fault.USAGE.exception(name + "='" + value + "' must have 3 numbers (ra dec radius, degrees), not "
                    + n.length);
        }
        checkPosition(name, n[0], n[1]);
        if (!(n[2] > 0 && n[2] <= 180)) {
            throw Fault.USAGE.exception(name + "='" + value + "': the radius must be > 0 and <= 180 degrees");
        }
        return new SkyRegion.Circle(CelestialWcs.normalise360(n[0]), n[1], n[2]);
    }

    private static SkyRegion polygon(String name, String value) {
        double[] n = numbers(name, value, name + "=12 34 14 34 14 36 12 36 (ra dec pairs, degrees)");
        if (n.length < 6 || n.length % 2 != 0) {
            throw Fault.USAGE.exception(name + "='" + value + "' must have at least 3 vertices as ra dec pairs "
                    + "(an even count of at least 6 numbers), not " + n.length + " numbers");
        }
        double[] ras = new double[n.length / 2];
        double[] decs = new double[n.length / 2];
        for (int i = 0; i < ras.length; i++) {
            checkPosition(name, n[2 * i], n[2 * i + 1]);
            ras[i] = CelestialWcs.normalise360(n[2 * i]);
            decs[i] = n[2 * i + 1];
        }
        // found by suites/BadInputIT: POLYGON 1 2 1 2 1 2 was taken as a region and answered 204 (no pixel)
        long distinct = java.util.stream.IntStream.range(0, ras.length).mapToObj(i -> ras[i] + " " + decs[i]).distinct().count();
        if (distinct < 3) {
            throw Fault.USAGE.exception(name + "='" + value + "' has " + distinct + " distinct vertices: a polygon needs at "
                    + "least 3 (DALI 1.1 §3.3.7)");
        }
        return new SkyRegion.Polygon(ras, decs);
    }

    private static SkyRegion range(String value) {
        double[] n = numbers("POS=RANGE", value, "POS=RANGE 12 14 34 36 (ra1 ra2 dec1 dec2, degrees)");
        if (n.length != 4) {
            throw Fault.USAGE.exception("POS=RANGE '" + value + "' must have 4 numbers (ra1 ra2 dec1 dec2), not "
                    + n.length);
        }
        if (n[0] > n[1] || n[2] > n[3]) {
            throw Fault.USAGE.exception("POS=RANGE '" + value + "': each interval must have its lower limit first "
                    + "(ra1 <= ra2, dec1 <= dec2)");
        }
        if (n[3] < -90 || n[2] > 90) {
            throw Fault.USAGE.exception("POS=RANGE '" + value + "': the declination interval lies outside [-90, 90]");
        }
        return new SkyRegion.Range(n[0], n[1], n[2], n[3]);
    }

    private static void checkPosition(String name, double ra, double dec) {
        if (!Double.isFinite(ra) || dec < -90 || dec > 90) {
            throw Fault.USAGE.exception(name + ": position (" + ra + ", " + dec + ") is not on the sky (ra finite, "
                    + "-90 <= dec <= 90, degrees)");
        }
    }

    private static Interval interval(Map<String, List<String>> parameters, String name, String example) {
        String value = single(parameters, name);
        if (value == null) {
            return null;
        }
        double[] n = numbers(name, value, example);
        if (n.length != 2) {
            throw Fault.USAGE.exception(name + "='" + value + "' must be an interval of 2 numbers (DALI 1.1 §3.3.6), "
                    + "e.g. " + example);
        }
        if (n[0] > n[1]) {
            throw Fault.USAGE.exception(name + "='" + value + "': the lower limit " + n[0] + " is above the upper "
                    + "limit " + n[1]);
        }
        return new Interval(n[0], n[1]);
    }

    /** Whitespace-separated numbers; DALI's -Inf/+Inf allowed, NaN not. */
    static double[] numbers(String name, String value, String example) {
        String[] words = value.strip().split("\\s+");
        double[] numbers = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            try {
                numbers[i] = switch (w.toLowerCase(Locale.ROOT)) {
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    case "+inf", "inf" -> Double.POSITIVE_INFINITY;
                    default -> Double.parseDouble(w);
                };
            } catch (NumberFormatException e) {
                throw Fault.USAGE.exception(name + "='" + value + "' is malformed: '" + w + "' is not a number; "
                        + "expected e.g. " + example);
            }
            if (Double.isNaN(numbers[i])) {
                throw Fault.USAGE.exception(name + "='" + value + "': NaN is not allowed");
            }
        }
        return numbers;
    }
}

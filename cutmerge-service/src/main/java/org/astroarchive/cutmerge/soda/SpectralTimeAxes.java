package org.astroarchive.cutmerge.soda;

import java.util.Locale;
import java.util.Map;
import nom.tam.fits.Header;

/**
 * The linear spectral and time axes of an image (FITS WCS Paper I linear transformation, Paper III spectral types
 * WAVE/FREQ/ENER/WAVN without algorithm code, Paper VII time axes), mapped to what SODA 1.0 filters on:
 * wavelength in metres (BAND) and MJD (TIME).
 */
final class SpectralTimeAxes {

    private static final double C = 299_792_458.0;
    private static final double H = 6.626_070_15e-34;
    private static final double EV = 1.602_176_634e-19;
    private static final Map<String, Double> LENGTH = Map.of("m", 1.0, "cm", 1e-2, "mm", 1e-3, "um", 1e-6,
            "nm", 1e-9, "angstrom", 1e-10, "a", 1e-10, "km", 1e3);
    private static final Map<String, Double> FREQUENCY = Map.of("hz", 1.0, "khz", 1e3, "mhz", 1e6, "ghz", 1e9,
            "thz", 1e12);
    private static final Map<String, Double> ENERGY = Map.of("j", 1.0, "ev", EV, "kev", 1e3 * EV, "mev", 1e6 * EV,
            "gev", 1e9 * EV, "tev", 1e12 * EV, "erg", 1e-7);
    private static final Map<String, Double> WAVENUMBER = Map.of("/m", 1.0, "1/m", 1.0, "m-1", 1.0, "/cm", 1e2,
            "1/cm", 1e2, "cm-1", 1e2);
    private static final Map<String, Double> SECONDS = Map.of("s", 1.0, "min", 60.0, "h", 3600.0, "d", 86400.0,
            "a", 365.25 * 86400, "yr", 365.25 * 86400, "ms", 1e-3);

    private SpectralTimeAxes() {
    }

    /** Converts a pixel coordinate of one axis to a physical value (wavelength in m, or MJD). */
    interface Axis {
        /** 0-based index of the axis among the HDU's axes. */
        int index();

        double at(double pixel);
    }

    private record Linear(int index, double crpix, double crval, double cdelt, java.util.function.DoubleUnaryOperator
            convert) implements Axis {
        @Override
        public double at(double pixel) {
            return convert.applyAsDouble(crval + cdelt * (pixel - crpix));
        }
    }

    /** The spectral axis as wavelength in metres, or null if the HDU has none. */
    static Axis spectral(Header header) {
        int naxis = header.getIntValue("NAXIS", 0);
        for (int i = 0; i < naxis; i++) {
            int n = i + 1;
            String ctype = header.getStringValue("CTYPE" + n, "").trim().toUpperCase(Locale.ROOT);
            String type = ctype.length() >= 4 ? ctype.substring(0, 4) : ctype;
            if (!(type.equals("WAVE") || type.equals("AWAV") || type.equals("FREQ") || type.equals("ENER")
                    || type.equals("WAVN"))) {
                continue;
            }
            if (ctype.length() > 4 && !ctype.substring(4).replace("-", "").isEmpty()) {
                throw new CelestialWcs.UnsupportedWcsException("its spectral axis " + ctype + " is not linear");
            }
            String unit = header.getStringValue("CUNIT" + n, "").trim().toLowerCase(Locale.ROOT);
            java.util.function.DoubleUnaryOperator convert = switch (type) {
                case "WAVE", "AWAV" -> {
                    double f = factor(LENGTH, unit.isEmpty() ? "m" : unit, ctype);
                    yield v -> v * f;
                }
                case "FREQ" -> {
                    double f = factor(FREQUENCY, unit.isEmpty() ? "hz" : unit, ctype);
                    yield v -> C / (v * f);
                }
                case "ENER" -> {
                    double f = factor(ENERGY, unit.isEmpty() ? "j" : unit, ctype);
                    yield v -> H * C / (v * f);
                }
                default -> {
                    double f = factor(WAVENUMBER, unit.isEmpty() ? "/m" : unit, ctype);
                    yield v -> 1 / (v * f);
                }
            };
            return linear(header, i, convert);
        }
        return null;
    }

    /** The time axis as MJD, or null if the HDU has none. */
    static Axis time(Header header) {
        int naxis = header.getIntValue("NAXIS", 0);
        for (int i = 0; i < naxis; i++) {
            int n = i + 1;
            String ctype = header.getStringValue("CTYPE" + n, "").trim().toUpperCase(Locale.ROOT);
            if (ctype.equals("MJD")) {
                return linear(header, i, v -> v);
            }
            if (!(ctype.equals("TIME") || ctype.equals("UTC") || ctype.equals("TT") || ctype.equals("TAI")
                    || ctype.equals("TDB"))) {
                continue;
            }
            String unit = header.getStringValue("CUNIT" + n, header.getStringValue("TIMEUNIT", "s")).trim()
                    .toLowerCase(Locale.ROOT);
            double seconds = factor(SECONDS, unit, ctype);
            // FITS WCS Paper VII §4.1.1: MJDREF, or MJDREFI + MJDREFF; TT/UTC differences (about a minute) ignored
            double mjdref = header.containsKey("MJDREF") ? header.getDoubleValue("MJDREF", 0)
                    : header.getDoubleValue("MJDREFI", 0) + header.getDoubleValue("MJDREFF", 0);
            double timezero = header.getDoubleValue("TIMEZERO", 0);
            return linear(header, i, v -> mjdref + (v * seconds + timezero) / 86400);
        }
        return null;
    }

    private static Axis linear(Header header, int index, java.util.function.DoubleUnaryOperator convert) {
        int n = index + 1;
        double cdelt = header.containsKey("CD" + n + "_" + n) ? header.getDoubleValue("CD" + n + "_" + n, 1)
                : header.getDoubleValue("CDELT" + n, 1) * header.getDoubleValue("PC" + n + "_" + n, 1);
        return new Linear(index, header.getDoubleValue("CRPIX" + n, 0), header.getDoubleValue("CRVAL" + n, 0), cdelt,
                convert);
    }

    private static double factor(Map<String, Double> units, String unit, String ctype) {
        Double f = units.get(unit);
        if (f == null) {
            throw new CelestialWcs.UnsupportedWcsException("the unit '" + unit + "' of its " + ctype
                    + " axis is not supported (supported: " + new java.util.TreeSet<>(units.keySet()) + ")");
        }
        return f;
    }

    /**
     * The 1-based pixel range [first, last] along {@code axis} (length {@code n}) whose pixels overlap
     * {@code interval}, or null if none does. Each pixel k covers [k - 0.5, k + 0.5].
     */
    static int[] range(Axis axis, int n, SodaRequest.Interval interval) {
        int first = -1;
        int last = -1;
        for (int k = 1; k <= n; k++) {
            if (interval.overlaps(axis.at(k - 0.5), axis.at(k + 0.5))) {
                if (first < 0) {
                    first = k;
                }
                last = k;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }
}

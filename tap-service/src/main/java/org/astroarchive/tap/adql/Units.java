package org.astroarchive.tap.adql;

import java.util.Map;
import java.util.Optional;

/**
 * ADQL 2.1 §2.4.x IN_UNIT: conversion factors between VOUnits of the same dimension. Simple units and quotients
 * ("mas/yr", "km/s") are understood; anything else is refused with a hint.
 */
final class Units {

    private record Unit(String dimension, double factor) {
    }

    private static final double DEGREE = Math.PI / 180;

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("rad", new Unit("angle", 1)), Map.entry("deg", new Unit("angle", DEGREE)),
            Map.entry("arcmin", new Unit("angle", DEGREE / 60)), Map.entry("arcsec", new Unit("angle", DEGREE / 3600)),
            Map.entry("mas", new Unit("angle", DEGREE / 3.6e6)), Map.entry("uas", new Unit("angle", DEGREE / 3.6e9)),
            Map.entry("m", new Unit("length", 1)), Map.entry("km", new Unit("length", 1e3)), Map.entry("cm", new Unit("length", 1e-2)),
            Map.entry("mm", new Unit("length", 1e-3)), Map.entry("um", new Unit("length", 1e-6)), Map.entry("nm", new Unit("length", 1e-9)),
            Map.entry("Angstrom", new Unit("length", 1e-10)), Map.entry("AU", new Unit("length", 1.495978707e11)),
            Map.entry("pc", new Unit("length", 3.0856775814913673e16)), Map.entry("kpc", new Unit("length", 3.0856775814913673e19)),
            Map.entry("Mpc", new Unit("length", 3.0856775814913673e22)),
            Map.entry("s", new Unit("time", 1)), Map.entry("ms", new Unit("time", 1e-3)), Map.entry("min", new Unit("time", 60)),
            Map.entry("h", new Unit("time", 3600)), Map.entry("d", new Unit("time", 86400)), Map.entry("yr", new Unit("time", 31557600)),
            Map.entry("a", new Unit("time", 31557600)),
            Map.entry("Hz", new Unit("frequency", 1)), Map.entry("kHz", new Unit("frequency", 1e3)),
            Map.entry("MHz", new Unit("frequency", 1e6)), Map.entry("GHz", new Unit("frequency", 1e9)),
            Map.entry("J", new Unit("energy", 1)), Map.entry("eV", new Unit("energy", 1.602176634e-19)),
            Map.entry("keV", new Unit("energy", 1.602176634e-16)), Map.entry("MeV", new Unit("energy", 1.602176634e-13)),
            Map.entry("GeV", new Unit("energy", 1.602176634e-10)),
            Map.entry("kg", new Unit("mass", 1)), Map.entry("g", new Unit("mass", 1e-3)));

    private Units() {
    }

    /** The factor turning values in {@code from} into values in {@code to}, if both are known and of one dimension. */
    static Optional<Double> factor(String from, String to) {
        Optional<Unit> source = parse(from);
        Optional<Unit> target = parse(to);
        if (source.isEmpty() || target.isEmpty() || !source.get().dimension().equals(target.get().dimension())) {
            return Optional.empty();
        }
        return Optional.of(source.get().factor() / target.get().factor());
    }

    static boolean isKnown(String unit) {
        return parse(unit).isPresent();
    }

    private static Optional<Unit> parse(String unit) {
        if (unit == null) {
            return Optional.empty();
        }
        String text = unit.trim();
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.ofNullable(UNITS.get(text));
        }
        Unit numerator = UNITS.get(text.substring(0, slash).trim());
        Unit denominator = UNITS.get(text.substring(slash + 1).trim());
        return numerator == null || denominator == null ? Optional.empty()
                : Optional.of(new Unit(numerator.dimension() + "/" + denominator.dimension(), numerator.factor() / denominator.factor()));
    }
}

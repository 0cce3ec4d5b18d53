package org.astroarchive.cutmerge.fermi;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

/**
 * The data subspace (DSS) keywords of an FT1 EVENTS header, as the Fermi Science Tools write and read them
 * (NDSKEYS, DSTYPn, DSUNIn, DSVALn, DSREFn): every cut applied to the events. A new cut narrows a key of the same
 * kind (ENERGY, ZENITH_ANGLE, TIME range, a cone inside the recorded one) or is added as a new key.
 */
final class DataSubspace {

    private DataSubspace() {
    }

    static void record(Header header, Ft1Selector.Table events, EventSelection selection) {
        if (selection.hasCone()) {
            String circle = "CIRCLE(" + EventSelection.text(selection.ra()) + "," + EventSelection.text(selection.dec())
                    + "," + EventSelection.text(selection.radius()) + ")";
            int key = find(header, "POS(RA,DEC)", false);
            if (key > 0 && inside(header.getStringValue("DSVAL" + key), selection)) {
                header.findCard("DSVAL" + key).setValue(circle);
            } else {
                add(header, "POS(RA,DEC)", "deg", circle);
            }
        }
        range(header, events, "ENERGY", "MeV", selection.emin(), selection.emax());
        if (selection.hasTime()) {
            range(header, events, "TIME", "s", selection.tmin(), selection.tmax());
        }
        if (!Double.isNaN(selection.zmax())) {
            range(header, events, "ZENITH_ANGLE", "deg", 0, selection.zmax());
        }
    }

    /** Narrows the range key of {@code type} (or adds one); NaN limits leave that side as it was. */
    private static void range(Header header, Ft1Selector.Table events, String type, String unit, double low,
                              double high) {
        if (Double.isNaN(low) && Double.isNaN(high)) {
            return;
        }
        int key = find(header, type, true);
        double oldLow = Double.NaN;
        double oldHigh = Double.NaN;
        if (key > 0) {
            String[] sides = header.getStringValue("DSVAL" + key).trim().split(":", -1);
            oldLow = parse(sides[0]);
            oldHigh = sides.length > 1 ? parse(sides[1]) : Double.NaN;
        } else { // the column's legal range (TLMINn/TLMAXn) stands for an open side
            int n = events.columns().indexOf(events.column(type)) + 1;
            oldLow = n > 0 ? events.header().getDoubleValue("TLMIN" + n, Double.NaN) : Double.NaN;
            oldHigh = n > 0 ? events.header().getDoubleValue("TLMAX" + n, Double.NaN) : Double.NaN;
        }
        double newLow = Double.isNaN(low) ? oldLow : Double.isNaN(oldLow) ? low : Math.max(low, oldLow);
        double newHigh = Double.isNaN(high) ? oldHigh : Double.isNaN(oldHigh) ? high : Math.min(high, oldHigh);
        String value = side(newLow) + ":" + side(newHigh);
        if (key > 0) {
            header.findCard("DSVAL" + key).setValue(value);
        } else {
            add(header, type, unit, value);
        }
    }

    private static String side(double value) {
        return Double.isNaN(value) ? "" : EventSelection.text(value);
    }

    private static double parse(String text) {
        try {
            return text.isBlank() ? Double.NaN : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The number of the DSS key of {@code type} (a range one when {@code range}: not DSVAL 'TABLE'), or 0. */
    private static int find(Header header, String type, boolean range) {
        int keys = header.getIntValue("NDSKEYS", 0);
        for (int n = 1; n <= keys; n++) {
            if (type.equalsIgnoreCase(header.getStringValue("DSTYP" + n, "").trim())) {
                String value = header.getStringValue("DSVAL" + n, "").trim();
                if (!range || (!value.equalsIgnoreCase("TABLE") && value.contains(":"))) {
                    return n;
                }
            }
        }
        return 0;
    }

    /** Whether the selection's cone lies inside the recorded {@code CIRCLE(ra,dec,r)}. */
    private static boolean inside(String circle, EventSelection selection) {
        String body = circle.trim();
        if (!body.toUpperCase().startsWith("CIRCLE(") || !body.endsWith(")")) {
            return false;
        }
        String[] numbers = body.substring(7, body.length() - 1).split(",");
        if (numbers.length != 3) {
            return false;
        }
        double ra = parse(numbers[0]);
        double dec = parse(numbers[1]);
        double radius = parse(numbers[2]);
        return EventSelection.separation(ra, dec, selection.ra(), selection.dec()) + selection.radius() <= radius;
    }

    private static void add(Header header, String type, String unit, String value) {
        int n = header.getIntValue("NDSKEYS", 0) + 1;
        header.seekTail();
        header.addLine(new HeaderCard("DSTYP" + n, type, null));
        header.addLine(new HeaderCard("DSUNI" + n, unit, null));
        header.addLine(new HeaderCard("DSVAL" + n, value, null));
        HeaderCard count = header.findCard("NDSKEYS");
        if (count != null) {
            count.setValue(n);
        } else {
            header.addLine(new HeaderCard("NDSKEYS", n, null));
        }
    }
}

package org.astroarchive.cutmerge.soda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A region of the sky in ICRS degrees, as SODA 1.0 §3.3 gives it: a DALI 1.1 circle or polygon, or a POS RANGE.
 * It knows whether a position lies inside it and a dense sample of its boundary (what a cutout projects into
 * pixel space).
 */
sealed interface SkyRegion {

    /** Whether the ICRS position lies in the region (boundary included). */
    boolean contains(double ra, double dec);

    /** Points along the boundary, dense enough that no pixel's worth of it is missed at the sample's step. */
    List<double[]> boundary();

    /** A point inside the region (the centre of a circle, ...). */
    double[] inside();

    /** The region as SODA writes it, for messages and provenance. */
    String text();

    /** DALI circle: centre and radius in degrees. */
    record Circle(double ra, double dec, double radius) implements SkyRegion {
        @Override
        public boolean contains(double ra, double dec) {
            return separation(this.ra, this.dec, ra, dec) <= radius;
        }

        @Override
        public List<double[]> boundary() {
            List<double[]> points = new ArrayList<>();
            int n = 720;
            for (int i = 0; i < n; i++) {
                points.add(offset(ra, dec, radius, 360.0 * i / n));
            }
            return points;
        }

        @Override
        public double[] inside() {
            return new double[] {ra, dec};
        }

        @Override
        public String text() {
            return "CIRCLE " + number(ra) + " " + number(dec) + " " + number(radius);
        }
    }

    /**
     * DALI polygon: vertices joined by great circles. Containment is tested in the gnomonic projection centred on
     * the vertices' mean direction, where great circles are straight lines (valid for polygons smaller than a
     * hemisphere, which DALI requires in practice).
     */
    record Polygon(double[] ras, double[] decs) implements SkyRegion {
        @Override
        public boolean contains(double ra, double dec) {
            double[] centre = inside();
            double[] p = gnomonic(centre, ra, dec);
            if (p == null) {
                return false;
            }
            int n = ras.length;
            boolean in = false;
            for (int i = 0, j = n - 1; i < n; j = i++) {
                double[] a = gnomonic(centre, ras[i], decs[i]);
                double[] b = gnomonic(centre, ras[j], decs[j]);
                if ((a[1] > p[1]) != (b[1] > p[1])
                        && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) {
                    in = !in;
                }
            }
            return in;
        }

        @Override
        public List<double[]> boundary() {
            List<double[]> points = new ArrayList<>();
            int n = ras.length;
            for (int i = 0; i < n; i++) {
                double[] a = vector(ras[i], decs[i]);
                double[] b = vector(ras[(i + 1) % n], decs[(i + 1) % n]);
                int steps = 256;
                for (int k = 0; k < steps; k++) {
                    double t = (double) k / steps;
                    double[] v = {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])};
                    points.add(lonLat(v)); // the chord's direction lies on the great circle through a and b
                }
            }
            return points;
        }

        @Override
        public double[] inside() {
            double[] sum = new double[3];
            for (int i = 0; i < ras.length; i++) {
                double[] v = vector(ras[i], decs[i]);
                sum[0] += v[0];
                sum[1] += v[1];
                sum[2] += v[2];
            }
            return lonLat(sum);
        }

        @Override
        public String text() {
            StringBuilder text = new StringBuilder("POLYGON");
            for (int i = 0; i < ras.length; i++) {
                text.append(' ').append(number(ras[i])).append(' ').append(number(decs[i]));
            }
            return text.toString();
        }

        private static double[] gnomonic(double[] centre, double ra, double dec) {
            double[] c = vector(centre[0], centre[1]);
            double[] v = vector(ra, dec);
            double dot = c[0] * v[0] + c[1] * v[1] + c[2] * v[2];
            if (dot <= 1e-12) {
                return null;
            }
            // basis of the tangent plane at c
            double[] east = {-Math.sin(Math.toRadians(centre[0])), Math.cos(Math.toRadians(centre[0])), 0};
            double[] north = {c[1] * east[2] - c[2] * east[1], c[2] * east[0] - c[0] * east[2],
                    c[0] * east[1] - c[1] * east[0]};
            return new double[] {(v[0] * east[0] + v[1] * east[1] + v[2] * east[2]) / dot,
                    (v[0] * north[0] + v[1] * north[1] + v[2] * north[2]) / dot};
        }
    }

    /** SODA 1.0 §3.3.3 POS RANGE: a longitude and a latitude interval (-Inf/+Inf for open ends). */
    record Range(double ra1, double ra2, double dec1, double dec2) implements SkyRegion {
        @Override
        public boolean contains(double ra, double dec) {
            double r = CelestialWcs.normalise360(ra);
            boolean inRa = fullCircle() || (r >= lowRa() && r <= highRa())
                    || (r + 360 >= lowRa() && r + 360 <= highRa());
            return inRa && dec >= Math.max(-90, dec1) && dec <= Math.min(90, dec2);
        }

        private boolean fullCircle() {
            return Double.isInfinite(ra1) || Double.isInfinite(ra2) || ra2 - ra1 >= 360;
        }

        private double lowRa() {
            return fullCircle() ? 0 : CelestialWcs.normalise360(ra1);
        }

        private double highRa() {
            return fullCircle() ? 360 : lowRa() + (ra2 - ra1);
        }

        @Override
        public List<double[]> boundary() {
            double lowDec = Math.max(-90, dec1);
            double highDec = Math.min(90, dec2);
            List<double[]> points = new ArrayList<>();
            int steps = 720;
            for (int k = 0; k <= steps; k++) {
                double ra = lowRa() + (highRa() - lowRa()) * k / steps;
                points.add(new double[] {ra, lowDec});
                points.add(new double[] {ra, highDec});
                double dec = lowDec + (highDec - lowDec) * k / steps;
                points.add(new double[] {lowRa(), dec});
                points.add(new double[] {highRa(), dec});
            }
            return points;
        }

        @Override
        public double[] inside() {
            return new double[] {(lowRa() + highRa()) / 2, (Math.max(-90, dec1) + Math.min(90, dec2)) / 2};
        }

        @Override
        public String text() {
            return "RANGE " + number(ra1) + " " + number(ra2) + " " + number(dec1) + " " + number(dec2);
        }
    }

    /** Angular distance in degrees (haversine, accurate at small separations). */
    static double separation(double ra1, double dec1, double ra2, double dec2) {
        double d1 = Math.toRadians(dec1);
        double d2 = Math.toRadians(dec2);
        double h = Math.pow(Math.sin((d2 - d1) / 2), 2)
                + Math.cos(d1) * Math.cos(d2) * Math.pow(Math.sin(Math.toRadians(ra2 - ra1) / 2), 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    /** The point at {@code distance} degrees from (ra, dec) in direction {@code bearing} (east of north). */
    static double[] offset(double ra, double dec, double distance, double bearing) {
        double d = Math.toRadians(dec);
        double r = Math.toRadians(distance);
        double b = Math.toRadians(bearing);
        double lat = Math.asin(Math.sin(d) * Math.cos(r) + Math.cos(d) * Math.sin(r) * Math.cos(b));
        double lon = Math.toRadians(ra) + Math.atan2(Math.sin(b) * Math.sin(r) * Math.cos(d),
                Math.cos(r) - Math.sin(d) * Math.sin(lat));
        return new double[] {CelestialWcs.normalise360(Math.toDegrees(lon)), Math.toDegrees(lat)};
    }

    static double[] vector(double lon, double lat) {
        double a = Math.toRadians(lon);
        double d = Math.toRadians(lat);
        return new double[] {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
    }

    static double[] lonLat(double[] v) {
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {CelestialWcs.normalise360(Math.toDegrees(Math.atan2(v[1], v[0]))),
                Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v[2] / norm))))};
    }

    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}

package org.astroarchive.cutmerge.soda;

import java.util.Locale;
import java.util.Set;
import nom.tam.fits.Header;

/**
 * The celestial part of a FITS world coordinate system (Greisen &amp; Calabretta 2002, "Paper I": the linear
 * transformation; Calabretta &amp; Greisen 2002, "Paper II": projections and spherical rotation): enough to map sky
 * positions (ICRS) to pixel coordinates and back, which is what a cutout needs.
 *
 * <p>Supported: equatorial (RA/DEC, ICRS or FK5 J2000, taken as ICRS) and galactic (GLON/GLAT) axes; the zenithal
 * projections AZP (with μ and γ), TAN, SIN (without parameters), STG, ARC, ZEA and the all-sky CAR and AIT;
 * CDi_j, PCi_j + CDELTi or CDELTi + CROTA2. Pixel coordinates are FITS ones: the centre of the first pixel is 1.
 */
final class CelestialWcs {

    static final Set<String> PROJECTIONS = Set.of("AZP", "TAN", "SIN", "STG", "ARC", "ZEA", "CAR", "AIT");
    private static final double D2R = Math.PI / 180;
    private static final double R2D = 180 / Math.PI;
    /** ICRS → galactic rotation (Hipparcos, ESA SP-1200 Vol. 1 §1.5.3). */
    private static final double[][] ICRS_TO_GALACTIC = {
            {-0.0548755604162154, -0.8734370902348850, -0.4838350155487132},
            {+0.4941094278755837, -0.4448296299600112, +0.7469822444972189},
            {-0.8676661490190047, -0.1980763734312015, +0.4559837761750669}};

    /** 0-based indexes of the longitude and latitude axes among the HDU's axes. */
    final int lonAxis;
    final int latAxis;
    final boolean galactic;
    final String projection;
    private final double crpix1;
    private final double crpix2;
    /** Pixel offsets → intermediate world coordinates (degrees), and back. */
    private final double[][] matrix;
    private final double[][] inverse;
    private final double alphaP;
    private final double deltaP;
    private final double phiP;
    private final double mu;
    private final double gamma;

    private CelestialWcs(int lonAxis, int latAxis, boolean galactic, String projection, double crpix1, double crpix2,
                         double[][] matrix, double alphaP, double deltaP, double phiP, double mu, double gamma) {
        this.lonAxis = lonAxis;
        this.latAxis = latAxis;
        this.galactic = galactic;
        this.projection = projection;
        this.crpix1 = crpix1;
        this.crpix2 = crpix2;
        this.matrix = matrix;
        double det = matrix[0][0] * matrix[1][1] - matrix[0][1] * matrix[1][0];
        if (det == 0 || !Double.isFinite(det)) {
            throw new UnsupportedWcsException("its celestial CD/PC matrix is singular");
        }
        this.inverse = new double[][] {{matrix[1][1] / det, -matrix[0][1] / det},
                {-matrix[1][0] / det, matrix[0][0] / det}};
        this.alphaP = alphaP;
        this.deltaP = deltaP;
        this.phiP = phiP;
        this.mu = mu;
        this.gamma = gamma;
    }

    /** Why a header's WCS cannot be used for a spatial cutout. */
    static class UnsupportedWcsException extends RuntimeException {
        UnsupportedWcsException(String message) {
            super(message);
        }
    }

    /**
     * The celestial WCS of {@code header}, or null if it has no celestial axes.
     *
     * @throws UnsupportedWcsException if it has celestial axes this class cannot handle
     */
    static CelestialWcs of(Header header) {
        int naxis = header.getIntValue("NAXIS", 0);
        int lon = -1;
        int lat = -1;
        String lonType = null;
        for (int i = 0; i < naxis; i++) {
            String ctype = header.getStringValue("CTYPE" + (i + 1), "").toUpperCase(Locale.ROOT);
            if (ctype.startsWith("RA--") || ctype.startsWith("GLON") || ctype.startsWith("ELON")) {
                lon = i;
                lonType = ctype;
            } else if (ctype.startsWith("DEC-") || ctype.startsWith("GLAT") || ctype.startsWith("ELAT")) {
                lat = i;
            }
        }
        if (lon < 0 && lat < 0) {
            return null;
        }
        if (lon < 0 || lat < 0) {
            throw new UnsupportedWcsException("it has only one celestial axis");
        }
        if (lonType.startsWith("ELON")) {
            throw new UnsupportedWcsException("ecliptic coordinates are not supported");
        }
        boolean galactic = lonType.startsWith("GLON");
        if (!galactic) {
            String radesys = header.getStringValue("RADESYS", header.getStringValue("RADECSYS", "ICRS")).trim();
            double equinox = header.getDoubleValue("EQUINOX", header.getDoubleValue("EPOCH", 2000));
            if (radesys.startsWith("FK4") || equinox != 2000) {
                throw new UnsupportedWcsException("its equatorial frame " + radesys + " (equinox " + equinox
                        + ") is not ICRS or FK5 J2000");
            }
        }
        String projection = lonType.length() >= 8 ? lonType.substring(5, 8).replace("-", "").trim() : "";
        if (!PROJECTIONS.contains(projection)) {
            throw new UnsupportedWcsException("its projection '" + projection + "' is not supported (supported: "
                    + String.join(", ", new java.util.TreeSet<>(PROJECTIONS)) + ")");
        }
        int a = lon + 1;
        int b = lat + 1;
        double[][] m = new double[2][2];
        if (header.containsKey("CD" + a + "_" + a) || header.containsKey("CD" + b + "_" + b)) {
            m[0][0] = header.getDoubleValue("CD" + a + "_" + a, 0);
            m[0][1] = header.getDoubleValue("CD" + a + "_" + b, 0);
            m[1][0] = header.getDoubleValue("CD" + b + "_" + a, 0);
            m[1][1] = header.getDoubleValue("CD" + b + "_" + b, 0);
        } else {
            double cdelt1 = header.getDoubleValue("CDELT" + a, 1);
            double cdelt2 = header.getDoubleValue("CDELT" + b, 1);
            boolean hasPc = header.containsKey("PC" + a + "_" + a) || header.containsKey("PC" + a + "_" + b)
                    || header.containsKey("PC" + b + "_" + a) || header.containsKey("PC" + b + "_" + b);
            if (hasPc) {
                m[0][0] = cdelt1 * header.getDoubleValue("PC" + a + "_" + a, 1);
                m[0][1] = cdelt1 * header.getDoubleValue("PC" + a + "_" + b, 0);
                m[1][0] = cdelt2 * header.getDoubleValue("PC" + b + "_" + a, 0);
                m[1][1] = cdelt2 * header.getDoubleValue("PC" + b + "_" + b, 1);
            } else { // Paper II §6.1: the old CROTA2 convention
                double rho = header.getDoubleValue("CROTA" + b, 0) * D2R;
                m[0][0] = cdelt1 * Math.cos(rho);
                m[0][1] = -cdelt2 * Math.sin(rho);
                m[1][0] = cdelt1 * Math.sin(rho);
                m[1][1] = cdelt2 * Math.cos(rho);
            }
        }
        // The axis order in the matrix must be (longitude, latitude) whatever the order of the FITS axes.
        double crpix1 = header.getDoubleValue("CRPIX" + a, 0);
        double crpix2 = header.getDoubleValue("CRPIX" + b, 0);
        double alpha0 = header.getDoubleValue("CRVAL" + a, 0);
        double delta0 = header.getDoubleValue("CRVAL" + b, 0);
        double mu = header.getDoubleValue("PV" + b + "_1", 0);
        double gamma = header.getDoubleValue("PV" + b + "_2", 0);
        if (projection.equals("SIN") && (mu != 0 || gamma != 0)) {
            throw new UnsupportedWcsException("SIN with projection parameters (PV" + b + "_1/2) is not supported");
        }
        if (!projection.equals("AZP")) {
            mu = 0;
            gamma = 0;
        }
        double theta0 = zenithal(projection) ? 90 : 0;
        double phiP = header.getDoubleValue("LONPOLE", delta0 >= theta0 ? 0 : 180);
        double latPole = header.getDoubleValue("LATPOLE", 90);
        double[] pole = celestialPole(alpha0, delta0, phiP, theta0, latPole);
        return new CelestialWcs(lon, lat, galactic, projection, crpix1, crpix2, m, pole[0], pole[1], phiP, mu,
                gamma);
    }

    private static boolean zenithal(String projection) {
        return !projection.equals("CAR") && !projection.equals("AIT");
    }

    /** Paper II §2.4, eqs. 8–11 with φ0 = 0: the celestial coordinates (αp, δp) of the native pole. */
    private static double[] celestialPole(double alpha0, double delta0, double phiP, double theta0, double latPole) {
        if (theta0 == 90) {
            return new double[] {alpha0, delta0};
        }
        double dphi = phiP * D2R;
        double t0 = theta0 * D2R;
        double d0 = delta0 * D2R;
        double a = Math.atan2(Math.sin(t0), Math.cos(t0) * Math.cos(dphi));
        double norm = Math.sqrt(1 - Math.pow(Math.cos(t0) * Math.sin(dphi), 2));
        double b = Math.acos(Math.max(-1, Math.min(1, Math.sin(d0) / norm)));
        double best = Double.NaN;
        for (double candidate : new double[] {a + b, a - b}) {
            double deg = candidate * R2D;
            if (deg >= -90 - 1e-9 && deg <= 90 + 1e-9
                    && (Double.isNaN(best) || Math.abs(deg - latPole) < Math.abs(best - latPole))) {
                best = Math.max(-90, Math.min(90, deg));
            }
        }
        double deltaP = best;
        double alphaP;
        if (Math.abs(delta0) == 90) {
            alphaP = alpha0;
        } else if (Math.abs(deltaP - 90) < 1e-12) {
            alphaP = alpha0 + phiP - 180;
        } else if (Math.abs(deltaP + 90) < 1e-12) {
            alphaP = alpha0 - phiP;
        } else {
            double dp = deltaP * D2R;
            alphaP = alpha0 - R2D * Math.atan2(Math.sin(dphi) * Math.cos(t0) / Math.cos(d0),
                    (Math.sin(t0) - Math.sin(dp) * Math.sin(d0)) / (Math.cos(dp) * Math.cos(d0)));
        }
        return new double[] {alphaP, deltaP};
    }

    /** FITS pixel coordinates (longitude axis, latitude axis) of an ICRS position, or null where it does not project. */
    double[] pixel(double ra, double dec) {
        double[] lonLat = galactic ? toGalactic(ra, dec) : new double[] {ra, dec};
        // Paper II eq. 5: celestial → native spherical
        double a = lonLat[0] * D2R;
        double d = lonLat[1] * D2R;
        double ap = alphaP * D2R;
        double dp = deltaP * D2R;
        double phi = phiP + R2D * Math.atan2(-Math.cos(d) * Math.sin(a - ap),
                Math.sin(d) * Math.cos(dp) - Math.cos(d) * Math.sin(dp) * Math.cos(a - ap));
        double theta = R2D * Math.asin(clamp(Math.sin(d) * Math.sin(dp) + Math.cos(d) * Math.cos(dp) * Math.cos(a - ap)));
        phi = normalise180(phi);
        double[] xy = project(phi, theta);
        if (xy == null) {
            return null;
        }
        double dx = inverse[0][0] * xy[0] + inverse[0][1] * xy[1];
        double dy = inverse[1][0] * xy[0] + inverse[1][1] * xy[1];
        return new double[] {dx + crpix1, dy + crpix2};
    }

    /** ICRS (ra, dec) of FITS pixel coordinates, or null outside the projection's domain. */
    double[] world(double p1, double p2) {
        double x = matrix[0][0] * (p1 - crpix1) + matrix[0][1] * (p2 - crpix2);
        double y = matrix[1][0] * (p1 - crpix1) + matrix[1][1] * (p2 - crpix2);
        double[] native_ = deproject(x, y);
        if (native_ == null) {
            return null;
        }
        // Paper II eq. 2: native → celestial
        double phi = native_[0] * D2R;
        double theta = native_[1] * D2R;
        double dp = deltaP * D2R;
        double pp = phiP * D2R;
        double alpha = alphaP + R2D * Math.atan2(-Math.cos(theta) * Math.sin(phi - pp),
                Math.sin(theta) * Math.cos(dp) - Math.cos(theta) * Math.sin(dp) * Math.cos(phi - pp));
        double delta = R2D * Math.asin(clamp(Math.sin(theta) * Math.sin(dp)
                + Math.cos(theta) * Math.cos(dp) * Math.cos(phi - pp)));
        alpha = normalise360(alpha);
        return galactic ? toIcrs(alpha, delta) : new double[] {alpha, delta};
    }

    /** Paper II §5: native (φ, θ) → intermediate (x, y) in degrees. */
    private double[] project(double phi, double theta) {
        double p = phi * D2R;
        double t = theta * D2R;
        double r;
        switch (projection) {
            case "CAR":
                return new double[] {phi, theta};
            case "AIT": {
                double z = Math.sqrt((1 + Math.cos(t) * Math.cos(p / 2)) / 2);
                if (z == 0) {
                    return null;
                }
                return new double[] {2 * R2D * Math.cos(t) * Math.sin(p / 2) / z, R2D * Math.sin(t) / z};
            }
            case "TAN":
                if (theta <= 0) {
                    return null;
                }
                r = R2D * Math.cos(t) / Math.sin(t);
                break;
            case "SIN":
                if (theta < 0) {
                    return null;
                }
                r = R2D * Math.cos(t);
                break;
            case "STG":
                if (theta <= -90) {
                    return null;
                }
                r = 2 * R2D * Math.tan((Math.PI / 2 - t) / 2);
                break;
            case "ARC":
                r = 90 - theta;
                break;
            case "ZEA":
                r = 2 * R2D * Math.sin((Math.PI / 2 - t) / 2);
                break;
            case "AZP": {
                double g = gamma * D2R;
                double denominator = mu + Math.sin(t) + Math.cos(t) * Math.cos(p) * Math.tan(g);
                if (denominator <= 0) {
                    return null;
                }
                r = R2D * (mu + 1) * Math.cos(t) / denominator;
                return new double[] {r * Math.sin(p), -r * Math.cos(p) / Math.cos(g)};
            }
            default:
                throw new IllegalStateException(projection);
        }
        return new double[] {r * Math.sin(p), -r * Math.cos(p)};
    }

    /** Paper II §5: intermediate (x, y) → native (φ, θ) in degrees, or null outside the projection's domain. */
    private double[] deproject(double x, double y) {
        switch (projection) {
            case "CAR":
                return Math.abs(y) <= 90 ? new double[] {x, y} : null;
            case "AIT": {
                double zz = 1 - Math.pow(x * D2R / 4, 2) - Math.pow(y * D2R / 2, 2);
                if (zz < 0.5) { // outside the ellipse
                    return null;
                }
                double z = Math.sqrt(zz);
                double phi = 2 * R2D * Math.atan2(z * x * D2R / 2, 2 * zz - 1);
                return new double[] {phi, R2D * Math.asin(clamp(y * D2R * z))};
            }
            case "AZP": {
                double g = gamma * D2R;
                double r = Math.sqrt(x * x + Math.pow(y * Math.cos(g), 2));
                double phi = r == 0 ? 0 : R2D * Math.atan2(x, -y * Math.cos(g));
                double rho = r / (R2D * (mu + 1) + y * Math.sin(g));
                double psi = R2D * Math.atan2(1, rho);
                double s = rho * mu / Math.sqrt(rho * rho + 1);
                if (Math.abs(s) > 1) {
                    return null;
                }
                double omega = R2D * Math.asin(s);
                double t1 = normalise180(psi - omega);
                double t2 = normalise180(psi + omega + 180);
                boolean ok1 = Math.abs(t1) <= 90;
                boolean ok2 = Math.abs(t2) <= 90;
                if (!ok1 && !ok2) {
                    return null;
                }
                double theta = ok1 && ok2 ? (Math.abs(90 - t1) < Math.abs(90 - t2) ? t1 : t2) : ok1 ? t1 : t2;
                return new double[] {phi, theta};
            }
            default:
                break;
        }
        double r = Math.hypot(x, y);
        double phi = r == 0 ? 0 : R2D * Math.atan2(x, -y);
        double theta;
        switch (projection) {
            case "TAN" -> theta = R2D * Math.atan2(R2D, r);
            case "SIN" -> {
                if (r > R2D) {
                    return null;
                }
                theta = R2D * Math.acos(r / R2D);
            }
            case "STG" -> theta = 90 - 2 * R2D * Math.atan(r / (2 * R2D));
            case "ARC" -> {
                if (r > 180) {
                    return null;
                }
                theta = 90 - r;
            }
            case "ZEA" -> {
                if (r > 2 * R2D) {
                    return null;
                }
                theta = 90 - 2 * R2D * Math.asin(r / (2 * R2D));
            }
            default -> throw new IllegalStateException(projection);
        }
        return new double[] {phi, theta};
    }

    static double[] toGalactic(double ra, double dec) {
        return rotate(ICRS_TO_GALACTIC, ra, dec, false);
    }

    static double[] toIcrs(double l, double b) {
        return rotate(ICRS_TO_GALACTIC, l, b, true);
    }

    private static double[] rotate(double[][] m, double lon, double lat, boolean transpose) {
        double[] v = SkyRegion.vector(lon, lat);
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[i] += (transpose ? m[j][i] : m[i][j]) * v[j];
            }
        }
        return SkyRegion.lonLat(r);
    }

    private static double clamp(double v) {
        return Math.max(-1, Math.min(1, v));
    }

    static double normalise180(double angle) {
        double a = angle % 360;
        if (a > 180) {
            a -= 360;
        } else if (a <= -180) {
            a += 360;
        }
        return a;
    }

    static double normalise360(double angle) {
        double a = angle % 360;
        return a < 0 ? a + 360 : a;
    }
}

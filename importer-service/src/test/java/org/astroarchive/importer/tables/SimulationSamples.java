package org.astroarchive.importer.tables;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the small simulation outputs of {@code src/test/resources/samples/simulations/} (see its README): a PLUTO
 * 2-D HDF5 snapshot and a RAMSES {@code info_00001.txt}. Run {@link #main} to write them again; the test
 * {@code SimulationExtractionTest} checks the committed files against what it writes.
 */
public final class SimulationSamples {

    public static final Path DIR = Path.of("src/test/resources/samples/simulations");
    public static final String PLUTO_FILE = "data.0001.dbl.h5";
    public static final String RAMSES_FILE = "info_00001.txt";

    /** PLUTO grid: 16 x 16 cells on [0, 1] x [0, 1]. */
    static final int N = 16;
    static final double PLUTO_TIME = 0.5;
    static final double UNIT_DENSITY = 1.67262171e-24; // CONST_mp, g cm^-3
    static final double UNIT_LENGTH = 3.0856775807e18; // 1 pc, cm
    static final double UNIT_VELOCITY = 1.0e5; // 1 km/s

    /** RAMSES: a 20 Mpc/h box at a = 0.5 (z = 1), Planck 2015 cosmology. */
    static final double AEXP = 0.5;
    static final double H0 = 67.74;
    static final double OMEGA_M = 0.3089;
    static final double OMEGA_L = 0.6911;
    static final double OMEGA_B = 0.0486;
    static final double BOXLEN_INI_MPC_H = 20.0;

    private SimulationSamples() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DIR;
        Files.createDirectories(dir);
        writePluto(dir.resolve(PLUTO_FILE));
        writeRamsesInfo(dir.resolve(RAMSES_FILE));
    }

    /**
     * A PLUTO static-grid HDF5 output as written with {@code -DH5}/{@code dbl.h5}: group {@code Timestep_N} (N the
     * output number) with attribute {@code Time}, its cell-centred variables in {@code vars} as (nx2, nx1) arrays,
     * and the grid in {@code cell_coords} and {@code node_coords} (X, Y, Z). PLUTO keeps its code units in
     * definitions.h only; the archive convention, documented in the README, adds them as root attributes
     * {@code UNIT_DENSITY}, {@code UNIT_LENGTH}, {@code UNIT_VELOCITY} (cgs).
     *
     * <p>The state: a Kelvin-Helmholtz shear layer (dense band |y - 1/2| < 1/4 moving at +1/2, the rest at -1/2,
     * pressure 2.5, a sinusoidal vx2 perturbation), as PLUTO's KH test sets it up.
     */
    public static Path writePluto(Path file) {
        double[][] rho = new double[N][N];
        double[][] vx1 = new double[N][N];
        double[][] vx2 = new double[N][N];
        double[][] prs = new double[N][N];
        double[][][] cell = new double[3][N][N];
        double[][][] node = new double[3][N + 1][N + 1];
        double dx = 1.0 / N;
        for (int j = 0; j < N; j++) {
            for (int i = 0; i < N; i++) {
                double x = (i + 0.5) * dx;
                double y = (j + 0.5) * dx;
                boolean band = Math.abs(y - 0.5) < 0.25;
                rho[j][i] = band ? 2.0 : 1.0;
                vx1[j][i] = band ? 0.5 : -0.5;
                vx2[j][i] = 0.01 * Math.sin(4.0 * Math.PI * x) * (Math.exp(-Math.pow((y - 0.25) / 0.05, 2))
                        + Math.exp(-Math.pow((y - 0.75) / 0.05, 2)));
                prs[j][i] = 2.5;
                cell[0][j][i] = x;
                cell[1][j][i] = y;
            }
        }
        for (int j = 0; j <= N; j++) {
            for (int i = 0; i <= N; i++) {
                node[0][j][i] = i * dx;
                node[1][j][i] = j * dx;
            }
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putAttribute("UNIT_DENSITY", UNIT_DENSITY);
            hdf.putAttribute("UNIT_LENGTH", UNIT_LENGTH);
            hdf.putAttribute("UNIT_VELOCITY", UNIT_VELOCITY);
            WritableGroup step = hdf.putGroup("Timestep_1");
            step.putAttribute("Time", PLUTO_TIME);
            WritableGroup vars = step.putGroup("vars");
            vars.putDataset("rho", rho);
            vars.putDataset("vx1", vx1);
            vars.putDataset("vx2", vx2);
            vars.putDataset("prs", prs);
            WritableGroup cells = hdf.putGroup("cell_coords");
            WritableGroup nodes = hdf.putGroup("node_coords");
            String[] axes = {"X", "Y", "Z"};
            for (int a = 0; a < 3; a++) {
                cells.putDataset(axes[a], cell[a]);
                nodes.putDataset(axes[a], node[a]);
            }
        }
        return file;
    }

    /**
     * A RAMSES {@code info_00001.txt} in the layout of {@code output_info} (amr/output_amr.f90): integers as
     * {@code I11}, reals as {@code E23.15}, a blank line between the blocks, then the ordering and the table of
     * Hilbert-key bounds of each CPU domain. Cosmological units as RAMSES computes them (amr/units.f90), time
     * the super-conformal time (negative before a = 1).
     */
    public static Path writeRamsesInfo(Path file) throws IOException {
        int ncpu = 4;
        int levelmax = 14;
        double h = H0 / 100.0;
        double unitL = AEXP * BOXLEN_INI_MPC_H * 3.08e24 / h;
        double unitD = OMEGA_M * 1.88e-29 * h * h / Math.pow(AEXP, 3);
        double unitT = AEXP * AEXP / (H0 * 1e5 / 3.08e24);
        StringBuilder out = new StringBuilder();
        integer(out, "ncpu        =", ncpu);
        integer(out, "ndim        =", 3);
        integer(out, "levelmin    =", 7);
        integer(out, "levelmax    =", levelmax);
        integer(out, "ngridmax    =", 250000);
        integer(out, "nstep_coarse=", 412);
        out.append(" \n");
        real(out, "boxlen      =", 1.0);
        real(out, "time        =", superConformalTime(AEXP));
        real(out, "aexp        =", AEXP);
        real(out, "H0          =", H0);
        real(out, "omega_m     =", OMEGA_M);
        real(out, "omega_l     =", OMEGA_L);
        real(out, "omega_k     =", 0.0);
        real(out, "omega_b     =", OMEGA_B);
        real(out, "unit_l      =", unitL);
        real(out, "unit_d      =", unitD);
        real(out, "unit_t      =", unitT);
        out.append(" \n");
        out.append(String.format(Locale.ROOT, "ordering type=%-80s\n", "hilbert"));
        out.append("   DOMAIN   ind_min                 ind_max\n");
        double keys = Math.pow(2, 3 * (levelmax + 1));
        double[] bounds = {0.0, 0.2372 * keys, 0.5011 * keys, 0.7688 * keys, keys};
        for (int d = 1; d <= ncpu; d++) {
            out.append(String.format(Locale.ROOT, "%8d %s %s\n", d, fortranE(Math.rint(bounds[d - 1])),
                    fortranE(Math.rint(bounds[d]))));
        }
        Files.writeString(file, out, StandardCharsets.US_ASCII);
        return file;
    }

    /** RAMSES' super-conformal time: tau(1) = 0, dtau = da / sqrt(a^3 (omega_m + omega_l a^3)) (flat). */
    static double superConformalTime(double aexp) {
        int steps = 2000;
        double h = (1.0 - aexp) / steps;
        double sum = 0;
        for (int k = 0; k <= steps; k++) {
            double a = aexp + k * h;
            double f = 1.0 / Math.sqrt(a * a * a * (OMEGA_M + OMEGA_L * a * a * a));
            sum += (k == 0 || k == steps ? 1 : k % 2 == 1 ? 4 : 2) * f;
        }
        return -sum * h / 3.0;
    }

    private static void integer(StringBuilder out, String label, long value) {
        out.append(label).append(String.format(Locale.ROOT, "%11d", value)).append('\n');
    }

    private static void real(StringBuilder out, String label, double value) {
        out.append(label).append(fortranE(value)).append('\n');
    }

    /** Fortran {@code E23.15}: {@code  0.123456789012345E+02}, right-aligned in 23 characters. */
    static String fortranE(double value) {
        String mantissa = "0.000000000000000";
        int exponent = 0;
        if (value != 0) {
            BigDecimal rounded = new BigDecimal(Math.abs(value)).round(new MathContext(15));
            String digits = rounded.unscaledValue().toString();
            exponent = digits.length() - rounded.scale();
            mantissa = "0." + (digits + "0".repeat(15)).substring(0, 15);
        }
        String text = (value < 0 ? "-" : "") + mantissa + "E" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        return String.format(Locale.ROOT, "%23s", text);
    }
}

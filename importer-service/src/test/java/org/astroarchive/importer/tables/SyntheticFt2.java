package org.astroarchive.importer.tables;

import java.io.File;
import java.nio.file.Path;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.NullDataHDU;

/**
 * Writes a small Fermi FT2 (spacecraft) file: no real one is redistributable here. The SC_DATA columns, types and
 * units follow the FSSC's FT2 description (30 s intervals, one orbit every ~95 min at ~530 km).
 */
final class SyntheticFt2 {

    /** MET 239557417 s: 2008-08-04T15:43:37 (leap seconds ignored), the start of LAT science operations. */
    static final double FIRST_START = 239557417.0;

    private SyntheticFt2() {
    }

    /** @param withOptional whether to write the quaternion, Sun, orbit-pole and geomagnetic columns */
    static Path write(Path file, int rows, boolean withOptional) throws Exception {
        double[] start = new double[rows];
        double[] stop = new double[rows];
        float[][] position = new float[rows][3];
        float[] latGeo = new float[rows];
        float[] lonGeo = new float[rows];
        float[] radGeo = new float[rows];
        float[] raZenith = new float[rows];
        float[] decZenith = new float[rows];
        Boolean[] inSaa = new Boolean[rows];
        float[] raScz = new float[rows];
        float[] decScz = new float[rows];
        float[] raScx = new float[rows];
        float[] decScx = new float[rows];
        int[] latMode = new int[rows];
        int[] latConfig = new int[rows];
        int[] dataQual = new int[rows];
        double[] livetime = new double[rows];
        double[][] quaternions = new double[4][rows];
        float[] raSun = new float[rows];
        float[] decSun = new float[rows];
        float[] mcIlwainB = new float[rows];
        for (int i = 0; i < rows; i++) {
            start[i] = FIRST_START + 30.0 * i;
            stop[i] = start[i] + 30.0;
            double orbit = 2 * Math.PI * (30.0 * i) / 5700.0;
            double radius = 6_378_137.0 + 530_000.0;
            position[i] = new float[] {(float) (radius * Math.cos(orbit)), (float) (radius * Math.sin(orbit) * Math.cos(0.449)),
                    (float) (radius * Math.sin(orbit) * Math.sin(0.449))};
            latGeo[i] = (float) Math.toDegrees(Math.asin(Math.sin(orbit) * Math.sin(0.449)));
            lonGeo[i] = (float) ((i * 1.9) % 360.0);
            radGeo[i] = 530_000f;
            raZenith[i] = (float) ((Math.toDegrees(orbit) + 360.0) % 360.0);
            decZenith[i] = latGeo[i];
            inSaa[i] = i % 7 == 3;
            raScz[i] = (raZenith[i] + 50f) % 360f;
            decScz[i] = Math.max(-90f, Math.min(90f, decZenith[i] - 20f));
            raScx[i] = (raScz[i] + 90f) % 360f;
            decScx[i] = 0f;
            latMode[i] = 5;
            latConfig[i] = 1;
            dataQual[i] = 1;
            livetime[i] = inSaa[i] ? 0.0 : 26.5 + 0.01 * i;
            quaternions[0][i] = 0.1;
            quaternions[1][i] = 0.2;
            quaternions[2][i] = 0.3;
            quaternions[3][i] = Math.sqrt(1 - 0.14);
            raSun[i] = 134.5f;
            decSun[i] = 17.1f;
            mcIlwainB[i] = 0.25f;
        }
        BinaryTable table = new BinaryTable();
        table.addColumn(start);
        table.addColumn(stop);
        table.addColumn(position);
        table.addColumn(latGeo);
        table.addColumn(lonGeo);
        table.addColumn(radGeo);
        table.addColumn(raZenith);
        table.addColumn(decZenith);
        table.addColumn(inSaa);
        table.addColumn(raScz);
        table.addColumn(decScz);
        table.addColumn(raScx);
        table.addColumn(decScx);
        table.addColumn(latMode);
        table.addColumn(latConfig);
        table.addColumn(dataQual);
        table.addColumn(livetime);
        if (withOptional) {
            for (double[] q : quaternions) {
                table.addColumn(q);
            }
            table.addColumn(raSun);
            table.addColumn(decSun);
            table.addColumn(mcIlwainB);
        }
        BinaryTableHDU hdu = table.toHDU();
        String[][] columns = {
            {"START", "s", "start time of interval (Mission Elapsed Time)"},
            {"STOP", "s", "end time of interval (Mission Elapsed Time)"},
            {"SC_POSITION", "m", "S/C position at start of interval (x,y,z inertial coordinates)"},
            {"LAT_GEO", "deg", "ground point latitude"},
            {"LON_GEO", "deg", "ground point longitude"},
            {"RAD_GEO", "m", "S/C altitude"},
            {"RA_ZENITH", "deg", "RA of zenith direction at start of interval"},
            {"DEC_ZENITH", "deg", "Dec of zenith direction at start of interval"},
            {"IN_SAA", null, "whether spacecraft was in SAA"},
            {"RA_SCZ", "deg", "viewing direction at start (RA of LAT +z axis)"},
            {"DEC_SCZ", "deg", "viewing direction at start (Dec of LAT +z axis)"},
            {"RA_SCX", "deg", "pointing direction of +x axis at start of interval (RA)"},
            {"DEC_SCX", "deg", "pointing direction of +x axis at start of interval (Dec)"},
            {"LAT_MODE", null, "operation mode of LAT"},
            {"LAT_CONFIG", null, "Flag for the configuration of the LAT (1 = nominal science configuration)"},
            {"DATA_QUAL", null, "Data quality flag"},
            {"LIVETIME", "s", "Livetime"},
            {"QSJ_1", null, "first component of S/C attitude quaternion"},
            {"QSJ_2", null, "second component of S/C attitude quaternion"},
            {"QSJ_3", null, "third component of S/C attitude quaternion"},
            {"QSJ_4", null, "fourth component of S/C attitude quaternion"},
            {"RA_SUN", "deg", "RA of the Sun"},
            {"DEC_SUN", "deg", "Dec of the Sun"},
            {"B_MCILWAIN", "Gauss", "McIlwain B parameter"},
        };
        Header header = hdu.getHeader();
        for (int c = 0; c < table.getNCols(); c++) {
            hdu.setColumnName(c, columns[c][0], columns[c][2]);
            if (columns[c][1] != null) {
                header.addValue("TUNIT" + (c + 1), columns[c][1], "physical unit of field");
            }
        }
        header.addValue("EXTNAME", "SC_DATA", "name of this binary table extension");
        header.addValue("TELESCOP", "GLAST", "name of telescope generating data");
        header.addValue("INSTRUME", "LAT", "name of instrument generating data");
        try (Fits fits = new Fits()) {
            fits.addHDU(new NullDataHDU());
            fits.addHDU(hdu);
            fits.write(new File(file.toString()));
        }
        return file;
    }
}

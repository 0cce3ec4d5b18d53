package org.astroarchive.datagen;

import java.util.List;

/**
 * The three kinds of file written, one group per table and one dataset per column (jHDF 0.13 cannot write compound
 * datasets). Column names are the archive's column names; units and UCDs follow the Gaia archive.
 */
public enum GaiaTable {

    COMPLETE_SOURCE("CompleteSource", "gaia.completesource", "Astrometric source parameters", List.of(
            ColumnSpec.int64("source_id", "", "meta.id;meta.main",
                    "Source identifier: level-12 HEALPix NESTED index of the position * 2^35 + a running number"),
            ColumnSpec.float64("alpha", "rad", "pos.eq.ra;meta.main", "Right ascension (ICRS, epoch J2016.0)"),
            ColumnSpec.float64("delta", "rad", "pos.eq.dec;meta.main", "Declination (ICRS, epoch J2016.0)"),
            ColumnSpec.float64("alpha_star_error", "mas", "stat.error;pos.eq.ra",
                    "Standard error of right ascension times cos(delta)"),
            ColumnSpec.float64("delta_error", "mas", "stat.error;pos.eq.dec", "Standard error of declination"),
            ColumnSpec.float64("mu_alpha_star", "mas/yr", "pos.pm;pos.eq.ra",
                    "Proper motion in right ascension times cos(delta)"),
            ColumnSpec.float64("mu_delta", "mas/yr", "pos.pm;pos.eq.dec", "Proper motion in declination"),
            ColumnSpec.float64("mu_alpha_star_error", "mas/yr", "stat.error;pos.pm;pos.eq.ra",
                    "Standard error of mu_alpha_star"),
            ColumnSpec.float64("mu_delta_error", "mas/yr", "stat.error;pos.pm;pos.eq.dec",
                    "Standard error of mu_delta"),
            ColumnSpec.float64("varpi", "mas", "pos.parallax.trig", "Parallax (may be negative, as measured)"),
            ColumnSpec.float64("varpi_error", "mas", "stat.error;pos.parallax.trig", "Standard error of parallax"),
            ColumnSpec.float64("radial_velocity", "km/s", "spect.dopplerVeloc.opt;em.opt.I",
                    "Radial velocity; NaN when not measured (most sources)"),
            ColumnSpec.float64("radial_velocity_error", "km/s", "stat.error;spect.dopplerVeloc.opt;em.opt.I",
                    "Standard error of radial velocity; NaN when not measured"),
            ColumnSpec.float64("nu_eff_used_in_astrometry", "um**-1", "em.wavenumber",
                    "Effective wavenumber of the source used in the astrometric solution"))),

    ASTRO_ELEMENTARY("AstroElementary", "gaia.astroelementary",
            "Transits: one row per source transit of the focal plane", List.of(
                    ColumnSpec.int64("source_id", "", "meta.id",
                            "Source the transit is matched to (gaia.completesource.source_id)"),
                    ColumnSpec.int64("transit_id", "", "meta.id;meta.main",
                            "Transit identifier, Gaia encoding: OBMT/204800 ns << 17 | (FoV-1) << 15 | CCD row << 12"
                                    + " | AF1 AC pixel"),
                    new ColumnSpec("ac_win_coord", "int32", 10, "pixel", "pos.cartesian.y;instr.det",
                            "Across-scan window coordinate on each of the 10 CCDs crossed (SM, AF1..AF9)"),
                    ColumnSpec.float64("transit_time", "d", "time.epoch",
                            "Transit time, TCB, days since JD 2455197.5 (2010-01-01T00:00:00)"))),

    CROSS_MATCH("CrossMatch", "gaia.crossmatch", "Transit-to-source cross-match: one row per transit", List.of(
            ColumnSpec.int64("source_id", "", "meta.id", "Matched source (gaia.completesource.source_id)"),
            ColumnSpec.int64("transit_id", "", "meta.id;meta.main", "Transit (gaia.astroelementary.transit_id)"),
            ColumnSpec.float64("match_distance", "mas", "pos.angDistance",
                    "Angular distance between the transit's observed position and the source"),
            ColumnSpec.int32("match_flag", "", "meta.code",
                    "0: the source was the only candidate; 1: other candidates were within the match radius")));

    private final String group;
    private final String targetTable;
    private final String description;
    private final List<ColumnSpec> columns;

    GaiaTable(String group, String targetTable, String description, List<ColumnSpec> columns) {
        this.group = group;
        this.targetTable = targetTable;
        this.description = description;
        this.columns = columns;
    }

    /** HDF5 group name, also the file name prefix and the value of the file's {@code table} attribute. */
    public String group() {
        return group;
    }

    public String targetTable() {
        return targetTable;
    }

    public String description() {
        return description;
    }

    public List<ColumnSpec> columns() {
        return columns;
    }

    public ColumnSpec column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(group + " has no column " + name));
    }

    /** {@code CompleteSource_007.h5}: at least three digits, more when there are more files. */
    public String fileName(int index, int fileCount) {
        int digits = Math.max(3, String.valueOf(Math.max(0, fileCount - 1)).length());
        return String.format("%s_%0" + digits + "d.h5", group, index);
    }
}

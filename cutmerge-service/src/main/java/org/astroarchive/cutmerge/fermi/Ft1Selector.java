package org.astroarchive.cutmerge.fermi;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.utilities.FitsCheckSum;
import nom.tam.util.FitsOutputStream;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.soda.FitsHistory;

/**
 * Selects events of a Fermi LAT FT1 file as gtselect does, writing an FT1 file again: the primary HDU, the
 * {@code EVENTS} table with exactly the original columns and keywords and only the selected rows (copied byte for
 * byte), NAXIS2 updated and the selection recorded in the data subspace (DSS) keywords, the {@code GTI} table
 * (restricted to TMIN/TMAX when given), and any further HDU unchanged. Headers are read with nom-tam-fits; rows are
 * read in blocks straight from the file and only the filter columns are decoded.
 */
public final class Ft1Selector {

    private static final int BLOCK = 2880;
    private static final int ROWS_PER_READ = 8192;

    private Ft1Selector() {
    }

    /** The written file (temporary: the caller deletes it), its size, and the rows of EVENTS and GTI. */
    public record Result(Path file, long bytes, int events, int goodTimeIntervals) {
    }

    /** Byte layout of a binary table column (FITS Standard 4.0 §7.3.1, table 18). */
    record Column(String name, char type, int repeat, int offset, double scale, double zero) {
        double value(ByteBuffer row, int rowStart) {
            double raw = switch (type) {
                case 'E' -> row.getFloat(rowStart + offset);
                case 'D' -> row.getDouble(rowStart + offset);
                case 'J' -> row.getInt(rowStart + offset);
                case 'I' -> row.getShort(rowStart + offset);
                case 'K' -> row.getLong(rowStart + offset);
                case 'B' -> row.get(rowStart + offset) & 0xff;
                default -> throw new IllegalStateException("column " + name + " of type " + type + " is not numeric");
            };
            return raw * scale + zero;
        }

        void put(ByteBuffer row, int rowStart, double value) {
            double raw = (value - zero) / scale;
            switch (type) {
                case 'E' -> row.putFloat(rowStart + offset, (float) raw);
                case 'D' -> row.putDouble(rowStart + offset, raw);
                default -> throw new IllegalStateException("column " + name + " of type " + type + " is not real");
            }
        }
    }

    /** A binary table HDU: its header, where its rows start, their width and count, and the columns. */
    record Table(Header header, long dataStart, int rowBytes, int rows, List<Column> columns) {
        Column column(String name) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
    }

    /**
     * Selects the events of {@code source}.
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException UsageFault if the file is not an FT1 file or
     *                                                             lacks a filtered column, 413 above maxEvents
     */
    public static Result select(Path source, EventSelection selection, String provenance, int maxEvents) {
        try (Fits fits = new Fits(source.toFile()); RandomAccessFile file = new RandomAccessFile(source.toFile(), "r")) {
            BasicHDU<?>[] hdus = fits.read();
            int eventsHdu = find(hdus, "EVENTS");
            if (eventsHdu < 0) {
                throw Fault.USAGE.exception("the dataset " + selection.id() + " is not a Fermi LAT FT1 file: it has no "
                        + "EVENTS binary table");
            }
            int gtiHdu = find(hdus, "GTI");
            Table events = table(hdus[eventsHdu]);
            byte[] selected = selectRows(file, events, selection, maxEvents);
            int selectedRows = selected.length / events.rowBytes();
            Path out = Files.createTempFile("fermi-select-", ".fits");
            int gtis = 0;
            try (FitsOutputStream stream = new FitsOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
                for (int i = 0; i < hdus.length; i++) {
                    Header header = hdus[i].getHeader();
                    if (i == eventsHdu) {
                        header.findCard("NAXIS2").setValue(selectedRows);
                        narrowTimes(header, selection);
                        DataSubspace.record(header, events, selection);
                        history(header, selection, provenance);
                        write(stream, header, selected);
                    } else if (i == gtiHdu) {
                        Table gti = table(hdus[i]);
                        byte[] rows = goodTimeIntervals(file, gti, selection);
                        gtis = rows.length / gti.rowBytes();
                        header.findCard("NAXIS2").setValue(gtis);
                        narrowTimes(header, selection);
                        updateOntime(header, gti, rows);
                        write(stream, header, rows);
                    } else if (i == 0) {
                        narrowTimes(header, selection);
                        history(header, selection, provenance);
                        write(stream, header, readData(file, hdus, i));
                    } else { // any other HDU: the original bytes
                        long start = hdus[i].getFileOffset();
                        long end = i + 1 < hdus.length ? hdus[i + 1].getFileOffset() : file.length();
                        byte[] bytes = new byte[Math.toIntExact(end - start)];
                        file.seek(start);
                        file.readFully(bytes);
                        stream.write(bytes);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(out);
                throw e;
            }
            return new Result(out, Files.size(out), selectedRows, gtis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FitsException e) {
            throw Fault.FATAL.exception("the dataset " + selection.id() + " is not a readable FITS file: "
                    + e.getMessage() + "; please report this to the archive operators", e);
        }
    }

    private static int find(BasicHDU<?>[] hdus, String extname) {
        for (int i = 1; i < hdus.length; i++) {
            if (hdus[i] instanceof BinaryTableHDU
                    && extname.equalsIgnoreCase(hdus[i].getHeader().getStringValue("EXTNAME", "").trim())) {
                return i;
            }
        }
        return -1;
    }

    /** The layout of a binary table from its TFORMn (FITS Standard 4.0 §7.3.1); heaps are not supported. */
    static Table table(BasicHDU<?> hdu) {
        Header header = hdu.getHeader();
        int rowBytes = header.getIntValue("NAXIS1");
        int rows = header.getIntValue("NAXIS2");
        if (header.getLongValue("PCOUNT", 0) != 0) {
            throw Fault.USAGE.exception("the " + header.getStringValue("EXTNAME", "") + " table has variable-length "
                    + "columns (PCOUNT > 0), which event selection does not support");
        }
        List<Column> columns = new ArrayList<>();
        int offset = 0;
        for (int n = 1; n <= header.getIntValue("TFIELDS", 0); n++) {
            String tform = header.getStringValue("TFORM" + n, "").trim().toUpperCase(Locale.ROOT);
            int i = 0;
            while (i < tform.length() && Character.isDigit(tform.charAt(i))) {
                i++;
            }
            int repeat = i == 0 ? 1 : Integer.parseInt(tform.substring(0, i));
            char type = i < tform.length() ? tform.charAt(i) : '?';
            int width = switch (type) {
                case 'L', 'B', 'A' -> repeat;
                case 'X' -> (repeat + 7) / 8;
                case 'I' -> 2 * repeat;
                case 'J', 'E' -> 4 * repeat;
                case 'K', 'D', 'C', 'P' -> 8 * repeat;
                case 'M', 'Q' -> 16 * repeat;
                default -> throw Fault.FATAL.exception("column " + n + " has an unknown TFORM '" + tform + "'");
            };
            columns.add(new Column(header.getStringValue("TTYPE" + n, "").trim(), type, repeat, offset,
                    header.getDoubleValue("TSCAL" + n, 1), header.getDoubleValue("TZERO" + n, 0)));
            offset += width;
        }
        if (offset != rowBytes) {
            throw Fault.FATAL.exception("the columns of " + header.getStringValue("EXTNAME", "") + " take " + offset
                    + " bytes but NAXIS1 is " + rowBytes);
        }
        return new Table(header, hdu.getData().getFileOffset(), rowBytes, rows, List.copyOf(columns));
    }

    private static Column required(Table events, String name, String parameter) {
        Column column = events.column(name);
        if (column == null || column.repeat() != 1 || "LXAPQCM".indexOf(column.type()) >= 0) {
            throw Fault.USAGE.exception(parameter + " cannot be applied: the EVENTS table has no numeric scalar "
                    + name + " column");
        }
        return column;
    }

    /** The rows passing the selection, in file order, as raw bytes. */
    private static byte[] selectRows(RandomAccessFile file, Table events, EventSelection selection, int maxEvents)
            throws IOException {
        Column ra = selection.hasCone() ? required(events, "RA", "RA/DEC/RADIUS") : null;
        Column dec = selection.hasCone() ? required(events, "DEC", "RA/DEC/RADIUS") : null;
        Column energy = Double.isNaN(selection.emin()) && Double.isNaN(selection.emax()) ? null
                : required(events, "ENERGY", "EMIN/EMAX");
        Column time = selection.hasTime() ? required(events, "TIME", "TMIN/TMAX") : null;
        Column zenith = Double.isNaN(selection.zmax()) ? null : required(events, "ZENITH_ANGLE", "ZMAX");
        ByteArrayOutputStream selected = new ByteArrayOutputStream();
        int width = events.rowBytes();
        byte[] buffer = new byte[width * ROWS_PER_READ];
        int count = 0;
        for (int first = 0; first < events.rows(); first += ROWS_PER_READ) {
            int rows = Math.min(ROWS_PER_READ, events.rows() - first);
            file.seek(events.dataStart() + (long) first * width);
            file.readFully(buffer, 0, rows * width);
            ByteBuffer block = ByteBuffer.wrap(buffer); // FITS is big-endian, as ByteBuffer by default
            for (int r = 0; r < rows; r++) {
                int at = r * width;
                if (selection.accepts(ra == null ? 0 : ra.value(block, at), dec == null ? 0 : dec.value(block, at),
                        energy == null ? 0 : energy.value(block, at), time == null ? 0 : time.value(block, at),
                        zenith == null ? 0 : zenith.value(block, at))) {
                    if (++count > maxEvents) {
                        throw Fault.TOO_LARGE.exception("the selection has more than " + maxEvents + " events, the "
                                + "most this service delivers (cutmerge.fermi.max-events); narrow the cone, energy or "
                                + "time range");
                    }
                    selected.write(buffer, at, width);
                }
            }
        }
        return selected.toByteArray();
    }

    /** The GTI rows overlapping (TMIN, TMAX], clipped to it; all rows without a time selection. */
    private static byte[] goodTimeIntervals(RandomAccessFile file, Table gti, EventSelection selection)
            throws IOException {
        byte[] all = new byte[Math.multiplyExact(gti.rows(), gti.rowBytes())];
        file.seek(gti.dataStart());
        file.readFully(all);
        if (!selection.hasTime()) {
            return all;
        }
        Column start = gti.column("START");
        Column stop = gti.column("STOP");
        if (start == null || stop == null) {
            throw Fault.FATAL.exception("the GTI table has no START and STOP columns");
        }
        double tmin = Double.isNaN(selection.tmin()) ? Double.NEGATIVE_INFINITY : selection.tmin();
        double tmax = Double.isNaN(selection.tmax()) ? Double.POSITIVE_INFINITY : selection.tmax();
        ByteBuffer rows = ByteBuffer.wrap(all);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (int r = 0; r < gti.rows(); r++) {
            int at = r * gti.rowBytes();
            double a = start.value(rows, at);
            double b = stop.value(rows, at);
            if (b <= tmin || a >= tmax) {
                continue;
            }
            if (a < tmin) {
                start.put(rows, at, tmin);
            }
            if (b > tmax) {
                stop.put(rows, at, tmax);
            }
            kept.write(all, at, gti.rowBytes());
        }
        return kept.toByteArray();
    }

    /** ONTIME: the sum of the GTI lengths (OGIP/93-003), when the header has it. */
    private static void updateOntime(Header header, Table gti, byte[] rows) {
        HeaderCard ontime = header.findCard("ONTIME");
        Column start = gti.column("START");
        Column stop = gti.column("STOP");
        if (ontime == null || start == null || stop == null) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(rows);
        double sum = 0;
        for (int at = 0; at < rows.length; at += gti.rowBytes()) {
            sum += stop.value(buffer, at) - start.value(buffer, at);
        }
        ontime.setValue(sum);
    }

    /** TSTART/TSTOP (and TELAPSE) narrowed to the selected time range. */
    private static void narrowTimes(Header header, EventSelection selection) {
        if (!selection.hasTime()) {
            return;
        }
        HeaderCard start = header.findCard("TSTART");
        HeaderCard stop = header.findCard("TSTOP");
        double tstart = header.getDoubleValue("TSTART", Double.NaN);
        double tstop = header.getDoubleValue("TSTOP", Double.NaN);
        if (start != null && !Double.isNaN(selection.tmin()) && selection.tmin() > tstart) {
            tstart = selection.tmin();
            start.setValue(tstart);
        }
        if (stop != null && !Double.isNaN(selection.tmax()) && selection.tmax() < tstop) {
            tstop = selection.tmax();
            stop.setValue(tstop);
        }
        HeaderCard telapse = header.findCard("TELAPSE");
        if (telapse != null && !Double.isNaN(tstart) && !Double.isNaN(tstop)) {
            telapse.setValue(tstop - tstart);
        }
    }

    private static void history(Header header, EventSelection selection, String provenance) {
        FitsHistory.append(header, "Event selection (cutmerge-service, as gtselect) of " + provenance,
                "Filter string: " + selection.filterString());
    }

    private static byte[] readData(RandomAccessFile file, BasicHDU<?>[] hdus, int i) throws IOException {
        long size = hdus[i].getHeader().getDataSize();
        byte[] data = new byte[Math.toIntExact(size)];
        if (size > 0) {
            file.seek(hdus[i].getData().getFileOffset());
            file.readFully(data);
        }
        return data;
    }

    /** Writes header and data (padded with zeros to whole 2880-byte blocks) with fresh CHECKSUM/DATASUM. */
    private static void write(FitsOutputStream stream, Header header, byte[] data) throws IOException {
        byte[] padded = Arrays.copyOf(data, (data.length + BLOCK - 1) / BLOCK * BLOCK);
        FitsCheckSum.setDatasum(header, FitsCheckSum.checksum(padded));
        header.write(stream);
        stream.write(padded);
    }
}

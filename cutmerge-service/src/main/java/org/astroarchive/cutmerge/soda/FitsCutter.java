package org.astroarchive.cutmerge.soda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.ImageData;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.NullDataHDU;
import nom.tam.util.ArrayFuncs;
import nom.tam.util.Cursor;
import org.astroarchive.cutmerge.cutmerge.Fault;

/**
 * Cuts the images of a FITS file (primary or IMAGE extensions, any number of axes) to the pixels a SODA request
 * selects, reading only those pixels (nom-tam-fits' image tiler on the random-access file), and writes a FITS file
 * with the same headers except NAXISn, the CRPIXn shifted by the cut's origin (so every pixel keeps its sky
 * position), fresh CHECKSUM/DATASUM and HISTORY cards naming the source and the cut.
 */
public final class FitsCutter {

    /** Keywords describing the data layout: written by nom-tam-fits for the new data, never copied. */
    private static final Set<String> STRUCTURAL = Set.of("SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT",
            "GCOUNT", "CHECKSUM", "DATASUM", "END", "GROUPS");
    /** Grid of pixel centres tested against the region (per axis), bounding the cost for large images. */
    private static final int GRID = 512;

    private FitsCutter() {
    }

    /** What was written: the file (temporary, the caller deletes it) and one line per cut image. */
    public record Cutout(Path file, long bytes, List<String> cuts) {
    }

    /** The pixel range of one image HDU to keep: 1-based inclusive bounds per FITS axis. */
    private record Plan(int hdu, ImageHDU image, int[] first, int[] last, long bytes) {
        String describe() {
            StringBuilder text = new StringBuilder("HDU ").append(hdu).append(" pixels [");
            for (int i = 0; i < first.length; i++) {
                text.append(i == 0 ? "" : ", ").append(first[i]).append(':').append(last[i]);
            }
            return text.append(']').toString();
        }
    }

    /**
     * Cuts {@code source}.
     *
     * @param provenance who and what to name in the HISTORY cards (the dataset ID, DID, md5)
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException UsageFault if no image of the file can take the
     *                                                             request's filters, 413 above {@code maxBytes}
     * @throws NoOverlapException if the filters select no pixel
     */
    public static Cutout cut(Path source, SodaRequest request, String provenance, long maxBytes) {
        try (Fits fits = new Fits(source.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            List<Plan> plans = new ArrayList<>();
            List<String> notApplicable = new ArrayList<>();
            int images = 0;
            for (int i = 0; i < hdus.length; i++) {
                if (!(hdus[i] instanceof ImageHDU image) || hdus[i] instanceof NullDataHDU
                        || hdus[i].getHeader().getIntValue("NAXIS", 0) == 0) {
                    continue;
                }
                images++;
                try {
                    Plan plan = plan(i, image, request);
                    if (plan != null) {
                        plans.add(plan);
                    }
                } catch (CelestialWcs.UnsupportedWcsException e) {
                    notApplicable.add("HDU " + i + ": " + e.getMessage());
                }
            }
            if (images == 0) {
                throw Fault.USAGE.exception("the dataset " + request.id() + " holds no image (no primary array or "
                        + "IMAGE extension with data), so it cannot be cut with SODA");
            }
            if (notApplicable.size() == images) {
                throw Fault.USAGE.exception("no image of " + request.id() + " can be cut with " + request.describe()
                        + ": " + String.join("; ", notApplicable));
            }
            if (plans.isEmpty()) {
                throw new NoOverlapException(request.describe() + " selects no pixel of " + request.id());
            }
            long bytes = plans.stream().mapToLong(Plan::bytes).sum();
            if (bytes > maxBytes) {
                throw Fault.TOO_LARGE.exception("the cutout would hold " + bytes + " bytes of pixels, more than the "
                        + maxBytes + " this service delivers (cutmerge.soda.max-bytes); ask for a smaller region or "
                        + "interval");
            }
            return write(fits, hdus, plans, request, provenance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FitsException e) {
            throw Fault.FATAL.exception("the dataset " + request.id() + " is not a readable FITS file: "
                    + e.getMessage() + "; please report this to the archive operators", e);
        }
    }

    /**
     * The pixels of one image the request selects; null if it selects none.
     *
     * @throws CelestialWcs.UnsupportedWcsException if the image lacks an axis the request filters on
     */
    private static Plan plan(int index, ImageHDU image, SodaRequest request) throws FitsException {
        Header header = image.getHeader();
        int naxis = header.getIntValue("NAXIS");
        int[] dims = new int[naxis];
        int[] first = new int[naxis];
        int[] last = new int[naxis];
        for (int i = 0; i < naxis; i++) {
            dims[i] = header.getIntValue("NAXIS" + (i + 1));
            first[i] = 1;
            last[i] = dims[i];
            if (dims[i] == 0) {
                return null;
            }
        }
        if (request.region() != null) {
            CelestialWcs wcs = CelestialWcs.of(header);
            if (wcs == null) {
                throw new CelestialWcs.UnsupportedWcsException("it has no celestial WCS (CTYPEn RA---xxx/DEC--xxx or "
                        + "GLON-xxx/GLAT-xxx), so POS, CIRCLE and POLYGON do not apply");
            }
            int[] box = pixelBox(wcs, request.region(), dims[wcs.lonAxis], dims[wcs.latAxis]);
            if (box == null) {
                return null;
            }
            first[wcs.lonAxis] = box[0];
            last[wcs.lonAxis] = box[1];
            first[wcs.latAxis] = box[2];
            last[wcs.latAxis] = box[3];
        }
        if (request.band() != null && !restrict(SpectralTimeAxes.spectral(header), request.band(), dims, first,
                last, "spectral axis (CTYPEn WAVE, FREQ, ENER or WAVN), so BAND does not apply")) {
            return null;
        }
        if (request.time() != null && !restrict(SpectralTimeAxes.time(header), request.time(), dims, first, last,
                "time axis (CTYPEn TIME, MJD, UTC, TT, TAI or TDB), so TIME does not apply")) {
            return null;
        }
        long pixels = 1;
        for (int i = 0; i < naxis; i++) {
            pixels *= last[i] - first[i] + 1;
        }
        return new Plan(index, image, first, last, pixels * Math.abs(header.getIntValue("BITPIX")) / 8);
    }

    private static boolean restrict(SpectralTimeAxes.Axis axis, SodaRequest.Interval interval, int[] dims,
                                    int[] first, int[] last, String missing) {
        if (axis == null) {
            throw new CelestialWcs.UnsupportedWcsException("it has no " + missing);
        }
        int[] range = SpectralTimeAxes.range(axis, dims[axis.index()], interval);
        if (range == null) {
            return false;
        }
        first[axis.index()] = range[0];
        last[axis.index()] = range[1];
        return true;
    }

    /**
     * The pixel box [x1, x2, y1, y2] (1-based, inclusive, within the image) covering the part of {@code region}
     * that falls on an n1 × n2 image, or null if it does not overlap the image. The box covers the projected
     * boundary of the region and every pixel centre (tested on a grid of at most 512 × 512) inside it, so that
     * regions larger than the image, or enclosing a projection's discontinuity, are handled too.
     */
    static int[] pixelBox(CelestialWcs wcs, SkyRegion region, int n1, int n2) {
        double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        boolean touches = false;
        List<double[]> points = new ArrayList<>(region.boundary());
        points.add(region.inside());
        for (double[] point : points) {
            double[] p = wcs.pixel(point[0], point[1]);
            if (p != null && Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                extend(box, p[0], p[0], p[1], p[1]);
                touches |= p[0] >= 0.5 && p[0] <= n1 + 0.5 && p[1] >= 0.5 && p[1] <= n2 + 0.5;
            }
        }
        int step1 = Math.max(1, (n1 + GRID - 1) / GRID);
        int step2 = Math.max(1, (n2 + GRID - 1) / GRID);
        for (int x = 1; x <= n1; x = next(x, step1, n1)) {
            for (int y = 1; y <= n2; y = next(y, step2, n2)) {
                double[] w = wcs.world(x, y);
                if (w != null && region.contains(w[0], w[1])) {
                    extend(box, x - step1 + 1, x + step1 - 1, y - step2 + 1, y + step2 - 1);
                    touches = true;
                }
            }
        }
        if (!touches) {
            return null;
        }
        int x1 = (int) Math.max(1, Math.round(box[0]));
        int x2 = (int) Math.min(n1, Math.round(box[1]));
        int y1 = (int) Math.max(1, Math.round(box[2]));
        int y2 = (int) Math.min(n2, Math.round(box[3]));
        return x1 > x2 || y1 > y2 ? null : new int[] {x1, x2, y1, y2};
    }

    /** The next grid position, visiting the last pixel too. */
    private static int next(int position, int step, int n) {
        return position == n ? n + 1 : Math.min(n, position + step);
    }

    private static void extend(double[] box, double x1, double x2, double y1, double y2) {
        box[0] = Math.min(box[0], x1);
        box[1] = Math.max(box[1], x2);
        box[2] = Math.min(box[2], y1);
        box[3] = Math.max(box[3], y2);
    }

    private static Cutout write(Fits source, BasicHDU<?>[] hdus, List<Plan> plans, SodaRequest request,
                                String provenance) throws IOException, FitsException {
        Fits out = new Fits();
        List<String> cuts = new ArrayList<>();
        if (plans.get(0).hdu() != 0) { // images in extensions: keep the primary header (NAXIS = 0) in front of them
            NullDataHDU hdu = new NullDataHDU();
            copyCards(hdus[0].getHeader(), hdu.getHeader(), new int[0]);
            out.addHDU(hdu);
            history(hdu.getHeader(), provenance, request, List.of());
        }
        for (Plan plan : plans) {
            int n = plan.first().length;
            // nom-tam-fits' tiler takes corners and lengths in Java array order: the last FITS axis first
            int[] corners = new int[n];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                corners[n - 1 - i] = plan.first()[i] - 1;
                lengths[n - 1 - i] = plan.last()[i] - plan.first()[i] + 1;
            }
            Object tile = plan.image().getTiler().getTile(corners, lengths);
            ImageData data = new ImageData(ArrayFuncs.curl(tile, lengths));
            Header header = ImageHDU.manufactureHeader(data);
            int[] shift = new int[n];
            for (int i = 0; i < n; i++) {
                shift[i] = plan.first()[i] - 1;
            }
            copyCards(plan.image().getHeader(), header, shift);
            ImageHDU image = new ImageHDU(header, data);
            out.addHDU(image);
            cuts.add(plan.describe());
            history(image.getHeader(), provenance, request, List.of(plan.describe()));
        }
        out.setChecksum();
        Path file = Files.createTempFile("soda-", ".fits");
        try {
            out.write(file.toFile());
            return new Cutout(file, Files.size(file), cuts);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            out.close();
        }
    }

    /**
     * Copies every card but the structural ones, shifting CRPIXn (and IRAF's LTVn) by the cut's origin: FITS WCS
     * Paper I §2.1.2, pixel p of the cutout is pixel p + shift of the original.
     */
    private static void copyCards(Header from, Header to, int[] shift) throws FitsException {
        Cursor<String, HeaderCard> cursor = from.iterator();
        Cursor<String, HeaderCard> target = to.iterator();
        while (target.hasNext()) {
            target.next();
        }
        boolean[] shifted = new boolean[shift.length];
        while (cursor.hasNext()) {
            HeaderCard card = cursor.next();
            String key = card.getKey() == null ? "" : card.getKey().trim();
            if (STRUCTURAL.contains(key) || key.matches("NAXIS\\d+")) {
                continue;
            }
            int axis = axisOf(key, "CRPIX");
            if (axis >= 1 && axis <= shift.length) {
                target.add(new HeaderCard(key, from.getDoubleValue(key) - shift[axis - 1], card.getComment()));
                shifted[axis - 1] = true;
                continue;
            }
            axis = axisOf(key, "LTV");
            if (axis >= 1 && axis <= shift.length) {
                target.add(new HeaderCard(key, from.getDoubleValue(key) - shift[axis - 1], card.getComment()));
                continue;
            }
            target.add(card.copy());
        }
        for (int i = 0; i < shift.length; i++) { // CRPIXn defaults to 0 (Paper I §2.1.2) where CTYPEn is given
            if (!shifted[i] && shift[i] != 0 && from.containsKey("CTYPE" + (i + 1))) {
                target.add(new HeaderCard("CRPIX" + (i + 1), -shift[i], "reference pixel, shifted by the cutout"));
            }
        }
    }

    private static int axisOf(String key, String prefix) {
        if (key.startsWith(prefix) && key.length() > prefix.length()
                && key.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(key.substring(prefix.length()));
        }
        return -1;
    }

    private static void history(Header header, String provenance, SodaRequest request, List<String> cuts) {
        FitsHistory.append(header, "SODA 1.0 cutout (cutmerge-service) of " + provenance,
                "Cut: " + request.describe() + (cuts.isEmpty() ? "" : " -> " + String.join(", ", cuts)
                        + " of the original"),
                "WCS: CRPIXn shifted by the cutout's origin; sky positions are unchanged.");
    }
}

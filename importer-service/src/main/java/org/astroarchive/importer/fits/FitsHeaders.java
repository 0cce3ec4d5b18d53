package org.astroarchive.importer.fits;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;

/** Reads the headers of every HDU of a FITS file (plain or gzip-compressed), checking that no data is missing. */
public final class FitsHeaders {

    /** {@code KEY/comment}: a keyword's comment, under a name no FITS keyword can have (FITS 4.0 §4.1.2.1). */
    public static final String COMMENT_SUFFIX = "/comment";

    private FitsHeaders() {
    }

    /**
     * @return one keyword → value map per HDU, in file order; values are Boolean, Long, Double or String; a valued
     *         keyword's comment is there too as {@code KEY/comment}
     * @throws InvalidFitsException if the file is not FITS, or is truncated
     */
    public static List<Map<String, Object>> read(File file, long bytes) throws InvalidFitsException {
        List<Map<String, Object>> hdus = new ArrayList<>();
        long declaredBytes = 0;
        try {
            String damage = PrimaryHeaderCheck.problem(file.toPath());
            if (damage != null) {
                throw new InvalidFitsException(damage);
            }
        } catch (IOException e) {
            throw new InvalidFitsException("not a readable FITS file: " + e.getMessage(), e);
        }
        try (Fits fits = new Fits(file)) {
            BasicHDU<?> hdu;
            while ((hdu = fits.readHDU()) != null) {
                Header header = hdu.getHeader();
                declaredBytes += header.getSize() + header.getDataSize();
                hdus.add(keywords(header));
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidFitsException("not a readable FITS file: " + e.getMessage(), e);
        }
        if (hdus.isEmpty()) {
            throw new InvalidFitsException("not a FITS file: no header data unit found");
        }
        // FITS 4.0 §3.1: a file is a sequence of 2880-byte blocks; fewer bytes than the headers declare means
        // the file was cut short. (Gzip files are checked by the decompressor instead.)
        if (!isGzip(file) && bytes < declaredBytes) {
            throw new InvalidFitsException("truncated FITS file: the headers declare " + declaredBytes
                    + " bytes but the file has " + bytes);
        }
        return hdus;
    }

    private static Map<String, Object> keywords(Header header) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (var cursor = header.iterator(); cursor.hasNext(); ) {
            HeaderCard card = cursor.next();
            Class<?> type = card.valueType();
            if (type == null || card.getKey().isBlank() || values.containsKey(card.getKey())) {
                continue; // comment-style cards carry no value; the first occurrence of a keyword wins
            }
            Object value = card.getValue(type, null);
            if (value instanceof BigInteger big) {
                value = big.longValue();
            } else if (value instanceof BigDecimal decimal) {
                value = decimal.doubleValue();
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                value = ((Number) value).longValue();
            } else if (value instanceof Float f) {
                value = f.doubleValue();
            } else if (value != null && !(value instanceof Boolean || value instanceof Long
                    || value instanceof Double || value instanceof String)) {
                value = value.toString(); // complex values
            }
            if (value != null) {
                values.put(card.getKey(), value);
                // the comment too, for mapping rules on what only the comment says (e.g. the unit: "/ [ms]")
                String comment = card.getComment();
                if (comment != null && !comment.isBlank()) {
                    values.put(card.getKey() + COMMENT_SUFFIX, comment.strip());
                }
            }
        }
        return values;
    }

    private static boolean isGzip(File file) {
        try (var in = new java.io.FileInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }
}

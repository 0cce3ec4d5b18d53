package org.astroarchive.cutmerge.cutmerge;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A catalogue row's persistent identifier as metadata-service writes it into {@code access_url}:
 * {@code ivo://<authority>/<schema.table>?<key>}, the key being the value of the table's link column.
 * Kept exactly as given, since it is written into the provenance.
 */
public record RowId(String raw, String table, String key) {

    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    private static final String FORM = "expected ivo://<authority>/<schema.table>?<key>, the ID of a catalogue row "
            + "(e.g. as in the #this link of its DataLink document)";

    public static RowId of(String authority, String table, Object key) {
        return new RowId("ivo://" + authority + "/" + table + "?" + key, table, String.valueOf(key));
    }

    /**
     * @throws CutMergeException UsageFault for anything but a row ID, NotFoundFault for an identifier of another
     *                           authority
     */
    public static RowId parse(String raw, String authority) {
        if (raw.length() < 6 || !raw.substring(0, 6).equalsIgnoreCase("ivo://")) {
            throw Fault.USAGE.exception("'" + raw + "' is not an IVOA identifier; " + FORM);
        }
        String rest = raw.substring(6);
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        int authorityEnd = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
        String given = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        // IVOA Identifiers 2.0: the authority part is case-insensitive
        if (!given.toLowerCase(Locale.ROOT).equals(authority.toLowerCase(Locale.ROOT))) {
            throw Fault.NOT_FOUND.exception("'" + raw + "' is not an identifier of this archive, whose authority is "
                    + authority);
        }
        if (slash != authorityEnd || question < 0 || question == rest.length() - 1) {
            throw Fault.USAGE.exception("'" + raw + "' names no row; " + FORM);
        }
        String table = rest.substring(slash + 1, question);
        if (!TABLE.matcher(table).matches()) {
            throw Fault.USAGE.exception("'" + table + "' in '" + raw + "' is not a table name (schema.table); Cut & "
                    + "Merge extracts catalogue rows, not whole datasets (use DataLink's #this for those); " + FORM);
        }
        return new RowId(raw, table, rest.substring(question + 1));
    }
}

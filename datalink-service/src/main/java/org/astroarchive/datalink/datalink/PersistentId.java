package org.astroarchive.datalink.datalink;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.astroarchive.contracts.Did;

/**
 * A persistent identifier this archive hands out, as metadata-service writes it:
 * <ul>
 *   <li>a catalogue row, {@code ivo://<authority>/<schema.table>?<key>} (the {@code access_url} of row tables);</li>
 *   <li>a dataset, {@code ivo://<authority>/<collection>?<scope:name>} (ObsCore {@code obs_publisher_did}).</li>
 * </ul>
 * The ID is kept exactly as given: DataLink 1.1 §3.2 requires it verbatim in the ID column.
 */
public sealed interface PersistentId permits PersistentId.RowId, PersistentId.DatasetId {

    Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    String FORMS = "expected ivo://<authority>/<schema.table>?<key> (a catalogue row) or "
            + "ivo://<authority>/<collection>?<scope:name> (a dataset)";

    /** The ID as the caller gave it. */
    String raw();

    /** A row of a collection table, named by the value of the table's link column. */
    record RowId(String raw, String table, String key) implements PersistentId {
    }

    /** A file of a collection, named by its DID. */
    record DatasetId(String raw, String collection, Did did) implements PersistentId {
    }

    /** Why an ID cannot be answered, with the fault DataLink clients expect. */
    final class InvalidIdException extends Exception {
        private final Fault fault;

        InvalidIdException(Fault fault, String message) {
            super(message);
            this.fault = fault;
        }

        public Fault fault() {
            return fault;
        }
    }

    /**
     * Reads an ID of this archive.
     *
     * @throws InvalidIdException UsageFault when it is not of either form, NotFoundFault when it is an IVOA
     *                            identifier of another authority
     */
    static PersistentId parse(String raw, String authority) throws InvalidIdException {
        if (raw.length() < 6 || !raw.substring(0, 6).equalsIgnoreCase("ivo://")) {
            throw new InvalidIdException(Fault.USAGE, "'" + raw + "' is not an IVOA identifier; " + FORMS);
        }
        String rest = raw.substring(6);
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        int authorityEnd = slash < 0 ? question : question < 0 ? slash : Math.min(slash, question);
        String given = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        // IVOA Identifiers 2.0: the registry part of an identifier (here the authority) is case-insensitive
        if (!given.toLowerCase(Locale.ROOT).equals(authority.toLowerCase(Locale.ROOT))) {
            throw new InvalidIdException(Fault.NOT_FOUND, "'" + raw + "' is not an identifier of this archive, whose "
                    + "authority is " + authority);
        }
        if (slash != authorityEnd || question < 0 || question == rest.length() - 1) {
            throw new InvalidIdException(Fault.USAGE, "'" + raw + "' names no row or dataset; " + FORMS);
        }
        String path = rest.substring(slash + 1, question);
        String query = rest.substring(question + 1);
        if (TABLE.matcher(path).matches()) {
            return new RowId(raw, path, query);
        }
        if (!COLLECTION.matcher(path).matches()) {
            throw new InvalidIdException(Fault.USAGE, "'" + path + "' in '" + raw + "' is neither a table (schema.table) "
                    + "nor a collection name; " + FORMS);
        }
        try {
            return new DatasetId(raw, path, Did.parse(query));
        } catch (IllegalArgumentException e) {
            throw new InvalidIdException(Fault.USAGE, "'" + raw + "' names no dataset: " + e.getMessage());
        }
    }

    /** The ID of a row, as metadata-service generates it in the table's {@code access_url}. */
    static String rowId(String authority, String table, Object key) {
        return "ivo://" + authority + "/" + table + "?" + key;
    }

    /** {@code <datalink-url>?ID=<id>}: the DataLink document of an ID. */
    static String linksUrl(String datalinkUrl, String id) {
        return datalinkUrl + "?ID=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}

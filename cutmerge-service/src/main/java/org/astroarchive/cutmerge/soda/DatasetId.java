package org.astroarchive.cutmerge.soda;

import java.net.URI;
import java.net.URISyntaxException;
import org.astroarchive.contracts.Did;
import org.astroarchive.cutmerge.cutmerge.Fault;

/**
 * A dataset identifier as metadata-service writes it into {@code obs_publisher_did}:
 * {@code ivo://<authority>/<collection>?<scope>:<name>} (ARCHITECTURE.md, Identifiers).
 */
public record DatasetId(String raw, String collection, Did did) {

    /**
     * Parses {@code id}; with {@code acceptPlainDid} a bare {@code scope:name} is taken too (its collection is then
     * null).
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException UsageFault for a malformed ID, NotFoundFault for
     *                                                             another authority's
     */
    public static DatasetId parse(String id, String authority, boolean acceptPlainDid) {
        String expected = "ivo://" + authority + "/<collection>?<scope>:<name>" + (acceptPlainDid
                ? " or <scope>:<name>" : "");
        if (!id.regionMatches(true, 0, "ivo://", 0, 6)) {
            if (acceptPlainDid && id.indexOf(':') > 0) {
                return new DatasetId(id, null, did(id, id, expected));
            }
            throw Fault.USAGE.exception("ID '" + id + "' is not a dataset identifier; expected " + expected);
        }
        URI uri;
        try {
            uri = new URI(id);
        } catch (URISyntaxException e) {
            throw Fault.USAGE.exception("ID '" + id + "' is not a valid IVOA identifier (" + e.getReason()
                    + "); expected " + expected);
        }
        if (uri.getAuthority() == null || !uri.getAuthority().equalsIgnoreCase(authority)) {
            throw Fault.NOT_FOUND.exception("ID '" + id + "' belongs to another archive (authority "
                    + uri.getAuthority() + "); this one is ivo://" + authority);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty() || path.contains("/") || uri.getRawQuery() == null) {
            throw Fault.USAGE.exception("ID '" + id + "' does not name a dataset; expected " + expected);
        }
        return new DatasetId(id, path, did(id, uri.getQuery(), expected));
    }

    private static Did did(String id, String text, String expected) {
        try {
            return Did.parse(text);
        } catch (IllegalArgumentException e) {
            throw Fault.USAGE.exception("ID '" + id + "': " + e.getMessage() + "; expected " + expected);
        }
    }
}

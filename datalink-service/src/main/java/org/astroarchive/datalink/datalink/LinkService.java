package org.astroarchive.datalink.datalink;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.datalink.config.DataLinkConfig;
import org.astroarchive.datalink.repository.CatalogueRepository;
import org.astroarchive.datalink.repository.RowRecord;
import org.astroarchive.contracts.catalogue.RowTable;
import org.astroarchive.datalink.repository.StoredFile;
import org.astroarchive.datalink.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Resolves one ID into its links (DataLink 1.1 §3.2). Problems with the ID itself become error rows, never
 * exceptions; only a database outage escapes, as
 * {@link org.astroarchive.datalink.repository.CatalogueUnavailableException}.
 *
 * <ul>
 *   <li>a catalogue row: {@code #this} Cut &amp; Merge (when enabled), {@code #progenitor} the file it was extracted
 *       from (presigned S3 URL), {@code #counterpart} its related rows ({@link Counterpart});</li>
 *   <li>a dataset: {@code #this} its file (presigned S3 URL).</li>
 * </ul>
 */
@ApplicationScoped
public class LinkService {

    static final String PROGENITOR_DESCRIPTION = "Original progenitor dataset";
    static final String CUTMERGE_DESCRIPTION = "Cut & Merge (extracted from the progenitor dataset)";

    private static final Logger LOG = Logger.getLogger(LinkService.class);

    private final CatalogueRepository catalogue;
    private final ObjectStore store;
    private final DataLinkConfig config;

    public LinkService(CatalogueRepository catalogue, ObjectStore store, DataLinkConfig config) {
        this.catalogue = catalogue;
        this.store = store;
        this.config = config;
    }

    /** The links of {@code rawId}, in a fixed order; at least one row. */
    public List<Link> links(String rawId) {
        PersistentId id;
        try {
            id = PersistentId.parse(rawId, config.authority());
        } catch (PersistentId.InvalidIdException e) {
            return List.of(Link.error(rawId, e.fault(), e.getMessage()));
        }
        if (id instanceof PersistentId.RowId row) {
            return rowLinks(row);
        }
        return datasetLinks((PersistentId.DatasetId) id);
    }

    private List<Link> rowLinks(PersistentId.RowId id) {
        Optional<RowTable> table = catalogue.rowTable(id.table());
        if (table.isEmpty()) {
            return List.of(Link.error(id.raw(), Fault.NOT_FOUND, "this archive has no table " + id.table()
                    + " with persistent row IDs (yet)"));
        }
        Optional<Object> key = table.get().key(id.key());
        if (key.isEmpty()) {
            return List.of(Link.error(id.raw(), Fault.USAGE, "'" + id.key() + "' is not a " + table.get().linkColumn()
                    + " of " + id.table() + ": the key of its IDs is an integer"));
        }
        List<Counterpart> counterparts = Counterpart.of(id.table());
        Optional<RowRecord> row = catalogue.row(table.get(), key.get(), counterparts.stream().map(Counterpart::column).toList());
        if (row.isEmpty()) {
            return List.of(Link.error(id.raw(), Fault.NOT_FOUND, "no row of " + id.table() + " has "
                    + table.get().linkColumn() + " = " + id.key()));
        }
        List<Link> links = new ArrayList<>();
        if (config.cutmergeEnabled()) {
            links.add(Link.open(id.raw(), Semantics.THIS, PersistentId.linksUrl(config.cutmergeBaseUrl(), id.raw()),
                    CUTMERGE_DESCRIPTION, MediaTypes.HDF5, null));
        }
        links.add(fileLink(id.raw(), Semantics.PROGENITOR, PROGENITOR_DESCRIPTION, row.get().did(), row.get().didRse(),
                row.get().fileName()));
        for (Counterpart counterpart : counterparts) {
            counterpartLink(id.raw(), counterpart, row.get()).ifPresent(links::add);
        }
        return links;
    }

    private List<Link> datasetLinks(PersistentId.DatasetId id) {
        Optional<StoredFile> file = catalogue.file(id.did().toString());
        if (file.isEmpty() || !file.get().collection().equals(id.collection())) {
            return List.of(Link.error(id.raw(), Fault.NOT_FOUND, "this archive has no dataset " + id.did()
                    + " in collection " + id.collection()));
        }
        return List.of(fileLink(id.raw(), file.get(), Semantics.THIS, "The dataset's file " + id.did().name(), null,
                id.did().name()));
    }

    private Link fileLink(String id, Semantics semantics, String description, String did, String preferredRse,
                          String fileName) {
        Optional<StoredFile> file = catalogue.file(did);
        if (file.isEmpty()) {
            return Link.error(id, semantics, Fault.NOT_FOUND, "the file " + did + " is not in the archive catalogue");
        }
        return fileLink(id, file.get(), semantics, description, preferredRse, fileName);
    }

    private Link fileLink(String id, StoredFile file, Semantics semantics, String description, String preferredRse,
                          String fileName) {
        Optional<StoredFile.Replica> replica = file.replica(preferredRse);
        if (replica.isEmpty()) {
            return Link.error(id, semantics, Fault.NOT_FOUND, "the file " + file.did() + " has no replica");
        }
        try {
            String url = store.presignedGet(replica.get().bucket(), replica.get().objectKey(), config.presignExpiry());
            String type = file.contentType() != null ? file.contentType() : mediaType(fileName);
            return Link.open(id, semantics, url, description, type, file.bytes());
        } catch (ObjectStore.StorageException e) {
            LOG.warn(e.getMessage(), e);
            return Link.error(id, semantics, Fault.TRANSIENT, "the object store did not answer for " + file.did()
                    + "; try again shortly");
        }
    }

    private Optional<Link> counterpartLink(String id, Counterpart counterpart, RowRecord row) {
        Object value = row.values().get(counterpart.column());
        if (value == null) {
            return Optional.empty();
        }
        Optional<RowTable> target = catalogue.rowTable(counterpart.targetTable());
        if (target.isEmpty() || !target.get().hasColumn(counterpart.targetColumn())) {
            return Optional.empty(); // no file of that table ingested yet: nothing to link to
        }
        if (counterpart.many()) {
            String adql = "SELECT * FROM " + counterpart.targetTable() + " WHERE " + counterpart.targetColumn() + " = "
                    + adqlLiteral(value);
            String url = config.tapBaseUrl() + "/sync?REQUEST=doQuery&LANG=ADQL&QUERY=" + encode(adql);
            return Optional.of(Link.open(id, Semantics.COUNTERPART, url, counterpart.description(), MediaTypes.VOTABLE,
                    null));
        }
        // one counterpart, named by the target's own persistent ID: only if that row exists
        if (!counterpart.targetColumn().equals(target.get().linkColumn())
                || !catalogue.rowExists(target.get(), value instanceof Number n ? (Object) n.longValue() : value)) {
            return Optional.empty();
        }
        String targetId = PersistentId.rowId(config.authority(), counterpart.targetTable(), value);
        return Optional.of(Link.open(id, Semantics.COUNTERPART, PersistentId.linksUrl(config.datalinkBaseUrl(), targetId),
                counterpart.description(), MediaTypes.DATALINK, null));
    }

    private static String adqlLiteral(Object value) {
        return value instanceof Number ? value.toString() : "'" + value.toString().replace("'", "''") + "'";
    }

    /** Query-string encoding with %20 for spaces, which every client decodes (some do not decode '+'). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String mediaType(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".hdf")) {
            return MediaTypes.HDF5;
        }
        if (name.endsWith(".fits") || name.endsWith(".fit") || name.endsWith(".fits.gz") || name.endsWith(".fz")) {
            return MediaTypes.FITS;
        }
        return "application/octet-stream";
    }
}

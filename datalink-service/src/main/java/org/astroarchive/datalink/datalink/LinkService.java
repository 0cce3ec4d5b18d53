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
import org.astroarchive.datalink.repository.ObscoreCoverage;
import org.astroarchive.datalink.repository.PhotonRange;
import org.astroarchive.datalink.repository.RowRecord;
import org.astroarchive.contracts.catalogue.RowTable;
import org.astroarchive.datalink.repository.StoredFile;
import org.astroarchive.datalink.selection.SelectionStore;
import io.quarkus.security.UnauthorizedException;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.astroarchive.security.Caller;
import org.astroarchive.security.CollectionAccess;
import org.astroarchive.security.CurrentCaller;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.contracts.soda.SodaServiceDescriptor;
import java.util.UUID;
import org.astroarchive.datalink.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * Resolves one ID into its links (DataLink 1.1 §3.2). Problems with the ID itself become error rows, never
 * exceptions; only a database outage escapes, as
 * {@link org.astroarchive.datalink.repository.CatalogueUnavailableException}.
 *
 * <ul>
 *   <li>a catalogue row: {@code #this} Cut &amp; Merge (when enabled), {@code #progenitor} the file it was extracted
 *       from (presigned S3 URL), {@code #counterpart} its related rows ({@link Counterpart}), and {@code #proc} the
 *       Cut &amp; Merge service descriptor (when enabled);</li>
 *   <li>a dataset: {@code #this} its file (presigned S3 URL); a FITS image or cube in ObsCore also
 *       {@code #preview} (a PNG) and {@code #cutout} (a SODA service descriptor), both served by cutmerge-service.</li>
 * </ul>
 */
@ApplicationScoped
public class LinkService {

    static final String PROGENITOR_DESCRIPTION = "Original progenitor dataset";
    /** The collection of Fermi LAT files ({@code fermi.photon}, {@code fermi.spacecraft}). */
    static final String FERMI = "fermi";
    static final String CUTMERGE_DESCRIPTION = "Cut & Merge (extracted from the progenitor dataset)";
    static final String CUTMERGE_SERVICE_DESCRIPTION = "Cut & Merge service: rows chosen by their IDs into one HDF5 file";
    static final String PREVIEW_DESCRIPTION = "Preview (PNG, up to 512 px)";
    static final String PREVIEW_TYPE = "image/png";

    private static final Logger LOG = Logger.getLogger(LinkService.class);

    private final CatalogueRepository catalogue;
    private final ObjectStore store;
    private final SelectionStore selections;
    private final CurrentCaller caller;
    private final CollectionAccess access;
    private final DataLinkConfig config;

    public LinkService(CatalogueRepository catalogue, ObjectStore store, SelectionStore selections, CurrentCaller caller,
                       CollectionAccess access, DataLinkConfig config) {
        this.catalogue = catalogue;
        this.store = store;
        this.selections = selections;
        this.caller = caller;
        this.access = access;
        this.config = config;
    }

    /**
     * The links of {@code rawId}, in a fixed order; at least one row, every row with {@code rawId} as its ID. The ID
     * may be a persistent ID, a selection ({@code client} is the request's {@code clientId}), or one of our own
     * DataLink URLs: the TAP results' service descriptor passes a row's {@code access_url} as its ID.
     */
    public List<Link> links(String rawId, Optional<UUID> client) {
        Resolution resolution = resolve(rawId, client);
        return resolution.fault() != null ? List.of(resolution.fault()) : selectionLinks(rawId, resolution.persistentIds());
    }

    /** The persistent IDs an ID stands for (itself, or a selection's rows), or the fault row saying why there are none. */
    public record Resolution(List<String> persistentIds, Link fault) {
    }

    /** Resolves an ID of any accepted form (see {@link #links}) into persistent IDs, without checking them. */
    public Resolution resolve(String rawId, Optional<UUID> client) {
        String id = rawId;
        Optional<UUID> owner = client;
        if (isDataLinkUrl(rawId)) {
            Optional<String> inner;
            try {
                inner = Selections.parameter(rawId, "ID");
                owner = Selections.parameter(rawId, "clientId").flatMap(Selections::uuid).or(() -> client);
            } catch (IllegalArgumentException badEscape) { // URLDecoder: a '%' not followed by two hex digits
                return new Resolution(List.of(), Link.error(rawId, Fault.USAGE, "this DataLink URL is not correctly "
                        + "percent-encoded (" + badEscape.getMessage() + "); use the access_url of a row as it is"));
            }
            if (inner.isEmpty()) {
                return new Resolution(List.of(), Link.error(rawId, Fault.USAGE, "this DataLink URL names no ID; use the "
                        + "access_url of a row as it is, or one of its IDs: " + PersistentId.FORMS));
            }
            id = inner.get();
        }
        Optional<UUID> selection = Selections.uuid(id);
        if (selection.isEmpty()) {
            return new Resolution(List.of(id), null);
        }
        Optional<List<String>> rows;
        try {
            rows = selections.rows(selection.get(), owner);
        } catch (SelectionStore.SelectionStoreUnavailableException e) {
            LOG.warn(e.getMessage());
            return new Resolution(List.of(), Link.error(rawId, Fault.TRANSIENT, e.getMessage() + "; ask again shortly, "
                    + "or use the row's persistent ID (" + PersistentId.FORMS + ")"));
        }
        if (rows.isEmpty()) {
            return new Resolution(List.of(), Link.error(rawId, Fault.NOT_FOUND, "selection " + id + " is unknown or has expired"
                    + (owner.isEmpty() ? " (a row's selection is found with the clientId of its URL, and none was given)" : "")
                    + "; run the query again for fresh links, or ask for the row's persistent ID"));
        }
        return new Resolution(rows.get(), null);
    }

    /**
     * A selection's links: those of its rows under its ID, with one {@code #this} Cut &amp; Merge of all its rows
     * instead of one per row, and each progenitor file once. The rows' Cut &amp; Merge service descriptors are left
     * out: {@code #this} already merges them all, and a descriptor fixes one row's ID.
     */
    private List<Link> selectionLinks(String rawId, List<String> ids) {
        if (ids.size() == 1) {
            return relabel(persistentLinks(ids.get(0)), rawId);
        }
        List<Link> links = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> rowIds = new ArrayList<>();
        for (String id : ids) {
            for (Link link : persistentLinks(id)) {
                boolean cutMerge = CUTMERGE_DESCRIPTION.equals(link.description());
                if (cutMerge) {
                    rowIds.add(id);
                } else if (CUTMERGE_SERVICE_DESCRIPTION.equals(link.description())) {
                    continue;
                } else if (link.accessUrl() == null || seen.add(link.semantics() + " " + sameResource(link))) {
                    links.add(link.withId(rawId));
                }
            }
        }
        if (!rowIds.isEmpty()) {
            String url = config.cutmergeBaseUrl() + "?" + rowIds.stream()
                    .map(id -> "ID=" + URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(java.util.stream.Collectors.joining("&"));
            links.add(0, Link.open(rawId, Semantics.THIS, url, CUTMERGE_DESCRIPTION, MediaTypes.HDF5, null));
        }
        return links;
    }

    /** A presigned URL differs at each signing: the object's path names the file; other URLs are themselves. */
    private static String sameResource(Link link) {
        return Semantics.PROGENITOR.term().equals(link.semantics()) ? link.accessUrl().split("\\?")[0] : link.accessUrl();
    }

    /** Whether {@code id} is a URL of a DataLink endpoint rather than an identifier. */
    private static boolean isDataLinkUrl(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && lower.contains("/datalink?");
    }

    private static List<Link> relabel(List<Link> links, String rawId) {
        return links.stream().map(link -> link.id().equals(rawId) ? link : link.withId(rawId)).toList();
    }

    /** The links of a persistent ID. */
    private List<Link> persistentLinks(String rawId) {
        PersistentId id;
        try {
            id = PersistentId.parse(rawId, config.authority());
        } catch (PersistentId.InvalidIdException e) {
            return List.of(Link.error(rawId, e.fault(), e.getMessage()));
        }
        String collection = id instanceof PersistentId.RowId row ? row.table().substring(0, row.table().indexOf('.'))
                : ((PersistentId.DatasetId) id).collection();
        String group;
        try {
            group = access.requiredGroup(collection);
        } catch (AccessRulesUnavailableException e) {
            return List.of(Link.error(rawId, Fault.TRANSIENT, "the access rules of the collections cannot be read; ask again shortly"));
        }
        if (group == null) {
            return id instanceof PersistentId.RowId row ? rowLinks(row) : datasetLinks((PersistentId.DatasetId) id);
        }
        // issue 6: a private collection's links (and presigned URLs) only for the members of its group
        Caller who = caller.get();
        if (!who.inGroup(group)) {
            if (!who.authenticated()) {
                throw new UnauthorizedException(rawId + " belongs to a private collection: log in");
            }
            return List.of(Link.error(rawId, Fault.NOT_FOUND, "collection " + collection + " is private to the members of "
                    + "group " + group + ", and " + who.name() + " is not one"));
        }
        List<Link> links = id instanceof PersistentId.RowId row ? rowLinks(row) : datasetLinks((PersistentId.DatasetId) id);
        return links.stream().map(Link::needingAuthentication).toList();
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
        if (config.cutmergeEnabled()) {
            links.add(cutMergeServiceLink(id.raw()));
        }
        return links;
    }

    /**
     * DataLink 1.1 §4: cutmerge-service's {@code /cutmerge} as a service a client can call with other rows (TOPCAT's
     * "Invoke Service", pyvo's {@code get_first_proc}); the descriptor gives this row's ID, and ID may be repeated.
     * No IVOA standard covers Cut &amp; Merge, so it has no standardID (§4.1 makes it optional).
     */
    private Link cutMergeServiceLink(String rowId) {
        return Link.service(rowId, Semantics.PROC, CUTMERGE_SERVICE_DESCRIPTION, new ServiceDescriptor(
                descriptorId("cutmerge", rowId), null, config.cutmergeBaseUrl(),
                "Extract catalogue rows from their progenitor HDF5 files into one HDF5 file with the same columns, "
                        + "types and attributes, plus /Provenance naming each row's file and index",
                List.of(new SodaServiceDescriptor.Parameter("ID", "meta.id;meta.main", null, "char", "*", null, rowId,
                        null, null, "A catalogue row ID (ivo://<authority>/<schema.table>?<key>); repeat ID for more rows"))));
    }

    private List<Link> datasetLinks(PersistentId.DatasetId id) {
        Optional<StoredFile> file = catalogue.file(id.did().toString());
        if (file.isEmpty() || !file.get().collection().equals(id.collection())) {
            return List.of(Link.error(id.raw(), Fault.NOT_FOUND, "this archive has no dataset " + id.did()
                    + " in collection " + id.collection()));
        }
        List<Link> links = new ArrayList<>();
        links.add(fileLink(id.raw(), file.get(), Semantics.THIS, "The dataset's file " + id.did().name(), null,
                id.did().name()));
        imageCoverage(id, file.get()).ifPresent(coverage -> {
            links.add(previewLink(id));
            links.add(sodaLink(id, coverage));
        });
        if (FERMI.equals(file.get().collection())) {
            catalogue.photons(id.did().scope(), id.did().name()).ifPresent(range -> links.add(fermiSelectLink(id, range)));
        }
        return links;
    }

    /** The ObsCore row of a FITS image or cube: what cutmerge-service cuts out and previews; empty otherwise. */
    private Optional<ObscoreCoverage> imageCoverage(PersistentId.DatasetId id, StoredFile file) {
        String type = file.contentType() != null ? file.contentType() : mediaType(id.did().name());
        if (!MediaTypes.FITS.equals(type)) {
            return Optional.empty();
        }
        return catalogue.obscore(id.raw())
                .filter(coverage -> "image".equals(coverage.dataproductType()) || "cube".equals(coverage.dataproductType()));
    }

    /** DataLink 1.1 §3.2 {@code #preview}: a quick-look PNG of the image (the middle plane of a cube) by cutmerge-service. */
    private Link previewLink(PersistentId.DatasetId id) {
        return Link.open(id.raw(), Semantics.PREVIEW, PersistentId.linksUrl(config.previewBaseUrl(), id.raw()),
                PREVIEW_DESCRIPTION, PREVIEW_TYPE, null);
    }

    /**
     * SODA 1.0 §4.3: a FITS image or cube in ObsCore can be cut out by cutmerge-service's {@code /soda}; the descriptor
     * fixes the ID and gives the dataset's coverage as VALUES, so clients can build a form.
     */
    private Link sodaLink(PersistentId.DatasetId id, ObscoreCoverage coverage) {
        return Link.service(id.raw(), Semantics.CUTOUT, "SODA cutout of this " + coverage.dataproductType()
                + " by position, band or time", new ServiceDescriptor(descriptorId("soda", id.raw()),
                SodaServiceDescriptor.STANDARD_ID, config.sodaBaseUrl(),
                "Cut out a region (POS, CIRCLE or POLYGON), a BAND or a TIME interval of the dataset: a valid "
                        + "FITS file with its WCS adjusted",
                SodaServiceDescriptor.forDataset(id.raw(), coverage.sRa(), coverage.sDec(), coverage.sFov(),
                        coverage.emMin(), coverage.emMax(), coverage.tMin(), coverage.tMax())));
    }

    /**
     * DataLink 1.1 §4: a Fermi photon (FT1) file can be filtered by cutmerge-service's {@code /fermi/select} like the
     * Fermi Science Tools' gtselect; the descriptor fixes the ID and gives the file's energy and time ranges as VALUES.
     * No IVOA standard covers it, so the descriptor has no standardID (§4.1 makes it optional).
     */
    private Link fermiSelectLink(PersistentId.DatasetId id, PhotonRange range) {
        return Link.service(id.raw(), Semantics.PROC, "Event selection on this photon file (cone, energy, time, "
                + "zenith angle), as gtselect", new ServiceDescriptor(descriptorId("fermi", id.raw()), null,
                config.fermiSelectBaseUrl(), "Select the events of the photon file (" + range.events()
                        + " events) in a cone, an energy range, a time range (Mission Elapsed Time) and below a "
                        + "zenith angle: an FT1 FITS file with the selection in its header and its GTIs kept",
                FermiSelectDescriptor.forFile(id.raw(), range)));
    }

    /** An XML ID unique to the dataset, so a document answering several IDs has one descriptor for each. */
    private static String descriptorId(String prefix, String id) {
        return prefix + "-" + UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
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

package org.astroarchive.cutmerge.fermi;

import jakarta.enterprise.context.ApplicationScoped;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.repository.CatalogueRepository;
import org.astroarchive.cutmerge.repository.StoredFile;
import org.astroarchive.cutmerge.soda.DatasetId;
import org.astroarchive.cutmerge.storage.DatasetFiles;
import org.astroarchive.cutmerge.storage.ProgenitorCache;
import org.jboss.logging.Logger;

/**
 * Fermi LAT event selection: the ID names a photon (FT1) file of the {@value #COLLECTION} collection, catalogued in
 * {@code archive.files}; its stored copy (md5 verified) is filtered by {@link Ft1Selector}.
 */
@ApplicationScoped
public class FermiService {

    /** The collection of Fermi LAT files (importer-service's collections/fermi.json). */
    static final String COLLECTION = "fermi";
    private static final Logger LOG = Logger.getLogger(FermiService.class);

    private final CatalogueRepository catalogue;
    private final DatasetFiles files;
    private final CutMergeConfig config;

    public FermiService(CatalogueRepository catalogue, DatasetFiles files, CutMergeConfig config) {
        this.catalogue = catalogue;
        this.files = files;
        this.config = config;
    }

    /**
     * The selected events as an FT1 file; the caller deletes it.
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException with the fault to answer
     */
    public Ft1Selector.Result select(EventSelection selection) {
        long start = System.nanoTime();
        DatasetId id = DatasetId.parse(selection.id(), config.authority(), true);
        if (id.collection() != null && !id.collection().equals(COLLECTION)) {
            throw Fault.USAGE.exception("ID '" + selection.id() + "' is a dataset of the collection '"
                    + id.collection() + "'; event selection works on Fermi photon files (ivo://" + config.authority()
                    + "/" + COLLECTION + "?<scope>:<name>)");
        }
        String did = id.did().toString();
        String collection = catalogue.collection(did).orElseThrow(() -> Fault.NOT_FOUND.exception("ID '"
                + selection.id() + "' names no file of this archive (no archive.files entry for " + did + ")"));
        if (!collection.equals(COLLECTION)) {
            throw Fault.USAGE.exception("the file " + did + " belongs to the collection '" + collection + "', not to "
                    + "the Fermi photon files ('" + COLLECTION + "')");
        }
        StoredFile file = catalogue.file(did).filter(f -> !f.replicas().isEmpty()).orElseThrow(() ->
                Fault.NOT_FOUND.exception("the file " + did + " has no replica"));
        try (ProgenitorCache.Lease local = files.fetch(file)) {
            Ft1Selector.Result result = Ft1Selector.select(local.path(), selection, selection.id() + " (DID " + did
                    + ", md5 " + file.md5() + ")", config.fermi().maxEvents());
            LOG.infof("Fermi selection of %s (%s): %d events, %d GTIs in %d ms", did, selection.filterString(),
                    result.events(), result.goodTimeIntervals(), (System.nanoTime() - start) / 1_000_000);
            return result;
        }
    }
}

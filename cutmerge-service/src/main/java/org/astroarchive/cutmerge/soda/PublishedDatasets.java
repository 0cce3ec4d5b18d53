package org.astroarchive.cutmerge.soda;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.repository.CatalogueRepository;
import org.astroarchive.cutmerge.repository.StoredFile;
import org.astroarchive.cutmerge.storage.DatasetFiles;
import org.astroarchive.cutmerge.storage.ProgenitorCache;

/**
 * The datasets SODA cutouts and previews are made of: IDs published in {@code ivoa.obscore}
 * ({@code obs_publisher_did}), resolved to their catalogued file.
 */
@ApplicationScoped
public class PublishedDatasets {

    private final CatalogueRepository catalogue;
    private final DatasetFiles files;
    private final CutMergeConfig config;

    public PublishedDatasets(CatalogueRepository catalogue, DatasetFiles files, CutMergeConfig config) {
        this.catalogue = catalogue;
        this.files = files;
        this.config = config;
    }

    /** A published dataset and its catalogue entry (with at least one replica). */
    public record Published(DatasetId id, StoredFile file) {
    }

    /**
     * The catalogue entry of the dataset {@code rawId} names.
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException UsageFault for a malformed ID, NotFoundFault for
     *                                                             an ID that names no published dataset or file
     */
    public Published resolve(String rawId) {
        DatasetId id = DatasetId.parse(rawId, config.authority(), false);
        if (!catalogue.publishes(rawId)) {
            throw Fault.NOT_FOUND.exception("ID '" + rawId + "' names no dataset of this archive (no "
                    + "ivoa.obscore row has this obs_publisher_did)");
        }
        StoredFile file = catalogue.file(id.did().toString()).filter(f -> !f.replicas().isEmpty())
                .orElseThrow(() -> Fault.NOT_FOUND.exception("the dataset " + rawId + " is published but its "
                        + "file " + id.did() + " has no catalogue entry or replica"));
        return new Published(id, file);
    }

    /**
     * The dataset's file as a local, decompressed FITS file (md5 verified); the caller closes the lease and never
     * deletes the file (it is the progenitor cache's).
     *
     * @param what what is made of FITS images only, for the UsageFault of another file ("SODA cutouts")
     */
    public ProgenitorCache.Lease fetchFits(Published dataset, String what) {
        ProgenitorCache.Lease local = files.fetch(dataset.file());
        try {
            requireFits(local.path(), dataset.id().raw(), what);
            return local;
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** FITS Standard 4.0 §4.4.1.1: a FITS file starts with the SIMPLE keyword. */
    private static void requireFits(Path file, String id, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            String start = new String(in.readNBytes(9), StandardCharsets.US_ASCII);
            if (!start.equals("SIMPLE  =")) {
                throw Fault.USAGE.exception("the dataset " + id + " is not a FITS file; " + what + " are made of "
                        + "FITS images (use the DataLink #this link for other files)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

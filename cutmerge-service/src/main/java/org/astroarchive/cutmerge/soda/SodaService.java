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
import org.astroarchive.cutmerge.storage.ObjectStore;
import org.jboss.logging.Logger;

/**
 * SODA 1.0 cutouts: the ID is resolved through {@code ivoa.obscore} (it must be a published dataset) to its DID,
 * the file is read from its replica (md5 verified) and cut by {@link FitsCutter}.
 */
@ApplicationScoped
public class SodaService {

    private static final Logger LOG = Logger.getLogger(SodaService.class);

    private final CatalogueRepository catalogue;
    private final DatasetFiles files;
    private final CutMergeConfig config;

    public SodaService(CatalogueRepository catalogue, DatasetFiles files, CutMergeConfig config) {
        this.catalogue = catalogue;
        this.files = files;
        this.config = config;
    }

    /**
     * The cutout {@code request} asks for; the caller deletes its file.
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException with the fault to answer
     * @throws NoOverlapException                                   when no pixel is selected (answered 204)
     */
    public FitsCutter.Cutout cutout(SodaRequest request) {
        long start = System.nanoTime();
        DatasetId id = DatasetId.parse(request.id(), config.authority(), false);
        if (!catalogue.publishes(request.id())) {
            throw Fault.NOT_FOUND.exception("ID '" + request.id() + "' names no dataset of this archive (no "
                    + "ivoa.obscore row has this obs_publisher_did)");
        }
        StoredFile file = catalogue.file(id.did().toString()).filter(f -> !f.replicas().isEmpty())
                .orElseThrow(() -> Fault.NOT_FOUND.exception("the dataset " + request.id() + " is published but its "
                        + "file " + id.did() + " has no catalogue entry or replica"));
        Path local = files.fetch(file);
        try {
            requireFits(local, request.id());
            FitsCutter.Cutout cutout = FitsCutter.cut(local, request, request.id() + " (DID " + id.did() + ", md5 "
                    + file.md5() + ")", config.soda().maxBytes());
            LOG.infof("SODA cutout of %s with %s: %s, %d bytes in %d ms", id.did(), request.describe(),
                    cutout.cuts(), cutout.bytes(), (System.nanoTime() - start) / 1_000_000);
            return cutout;
        } finally {
            ObjectStore.deleteQuietly(local);
        }
    }

    /** FITS Standard 4.0 §4.4.1.1: a FITS file starts with the SIMPLE keyword. */
    private static void requireFits(Path file, String id) {
        try (InputStream in = Files.newInputStream(file)) {
            String start = new String(in.readNBytes(9), StandardCharsets.US_ASCII);
            if (!start.equals("SIMPLE  =")) {
                throw Fault.USAGE.exception("the dataset " + id + " is not a FITS file; SODA cutouts are made of "
                        + "FITS images (use the DataLink #this link for other files)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

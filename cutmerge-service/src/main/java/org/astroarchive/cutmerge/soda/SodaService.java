package org.astroarchive.cutmerge.soda;

import jakarta.enterprise.context.ApplicationScoped;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.storage.ProgenitorCache;
import org.jboss.logging.Logger;

/**
 * SODA 1.0 cutouts: the ID is resolved through {@code ivoa.obscore} (it must be a published dataset) to its DID,
 * the file is read from its replica (md5 verified) and cut by {@link FitsCutter}.
 */
@ApplicationScoped
public class SodaService {

    private static final Logger LOG = Logger.getLogger(SodaService.class);

    private final PublishedDatasets datasets;
    private final CutMergeConfig config;

    public SodaService(PublishedDatasets datasets, CutMergeConfig config) {
        this.datasets = datasets;
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
        PublishedDatasets.Published dataset = datasets.resolve(request.id());
        try (ProgenitorCache.Lease local = datasets.fetchFits(dataset, "SODA cutouts")) {
            FitsCutter.Cutout cutout = FitsCutter.cut(local.path(), request, request.id() + " (DID " + dataset.id().did()
                    + ", md5 " + dataset.file().md5() + ")", config.soda().maxBytes());
            LOG.infof("SODA cutout of %s with %s: %s, %d bytes in %d ms", dataset.id().did(), request.describe(),
                    cutout.cuts(), cutout.bytes(), (System.nanoTime() - start) / 1_000_000);
            return cutout;
        }
    }
}

package org.astroarchive.cutmerge.preview;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import nom.tam.fits.FitsException;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.soda.PublishedDatasets;
import org.astroarchive.cutmerge.storage.ObjectStore;
import org.astroarchive.cutmerge.storage.ProgenitorCache;
import org.astroarchive.cutmerge.storage.StorageException;
import org.jboss.logging.Logger;

/**
 * Previews of published images (DataLink 1.1 §3.2 {@code #preview}): the dataset is resolved like a SODA ID, its
 * file read from S3 (md5 verified) and rendered by {@link PreviewRenderer}. PNGs are cached in the result cache
 * bucket under {@code preview/<hash>.png}, the hash naming the file's md5 and the size, so a re-ingested file never
 * serves a stale preview.
 */
@ApplicationScoped
public class PreviewService {

    /** Bumped whenever the rendering changes, so that older cached previews are not served. */
    static final String FORMAT = "preview/1";
    public static final String MEDIA_TYPE = "image/png";

    private static final Logger LOG = Logger.getLogger(PreviewService.class);

    private final PublishedDatasets datasets;
    private final ObjectStore store;
    private final CutMergeConfig config;

    public PreviewService(PublishedDatasets datasets, ObjectStore store, CutMergeConfig config) {
        this.datasets = datasets;
        this.store = store;
        this.config = config;
    }

    /** A PNG to send. */
    public record Result(byte[] png, boolean fromCache) {
    }

    /**
     * The preview of the dataset {@code id}, at most {@code size} pixels on its long side.
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException with the fault to answer
     */
    public Result preview(String id, int size) {
        long start = System.nanoTime();
        PublishedDatasets.Published dataset = datasets.resolve(id);
        String key = FORMAT + "/" + ObjectStore.sha256(FORMAT + "\n" + dataset.file().did() + " "
                + dataset.file().md5() + "\n" + size) + ".png";
        if (config.cacheEnabled()) {
            Optional<byte[]> cached = cached(key);
            if (cached.isPresent()) {
                return new Result(cached.get(), true);
            }
        }
        PreviewRenderer.Preview preview;
        try (ProgenitorCache.Lease local = datasets.fetchFits(dataset, "previews")) {
            preview = PreviewRenderer.render(local.path(), size);
        } catch (PreviewRenderer.NoImageException e) {
            throw Fault.USAGE.exception("the dataset " + id + " cannot be previewed: " + e.getMessage());
        } catch (FitsException e) {
            throw Fault.FATAL.exception("the dataset " + id + " is not a readable FITS file: " + e.getMessage()
                    + "; please report this to the archive operators", e);
        }
        if (config.cacheEnabled()) {
            try {
                store.put(config.cacheBucket(), key, preview.png(), MEDIA_TYPE);
            } catch (StorageException e) { // the cache only saves time: answer anyway
                LOG.warnf("preview %s not cached: %s", key, e.getMessage());
            }
        }
        LOG.infof("preview of %s: %s, %d bytes in %d ms", dataset.id().did(), preview.describe(),
                preview.png().length, (System.nanoTime() - start) / 1_000_000);
        return new Result(preview.png(), false);
    }

    private Optional<byte[]> cached(String key) {
        Optional<ObjectStore.StoredObject> found = store.find(config.cacheBucket(), key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (ObjectStore.StoredObject object = found.get()) {
            return Optional.of(object.body().readAllBytes());
        } catch (IOException e) { // a cache that cannot be read is skipped, never an error
            LOG.warnf("cached preview %s not readable: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}

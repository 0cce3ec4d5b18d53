package org.astroarchive.cutmerge.cutmerge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.astroarchive.cutmerge.storage.ObjectStore;

/**
 * A merged HDF5 file ready to be sent: from the cache or freshly written (then {@code file} is a temporary file,
 * deleted on close).
 *
 * @param hash    the request hash: the cache object's name and the file name's suffix
 * @param progenitors "hit" when every progenitor was in the local progenitor cache, "miss" when one was downloaded,
 *                    null when the result came from the result cache (no progenitor read)
 * @param rows    rows written, or -1 when served from the cache (not opened)
 * @param corrections sources added by the transit correction, or -1 when served from the cache
 */
public record CutMergeResult(String hash, boolean fromCache, String progenitors, long size, int rows,
                             int corrections, InputStream body, Path file) implements AutoCloseable {

    public String fileName() {
        return "cutmerge-" + hash + ".h5";
    }

    @Override
    public void close() throws IOException {
        try {
            body.close();
        } finally {
            ObjectStore.deleteQuietly(file);
        }
    }
}

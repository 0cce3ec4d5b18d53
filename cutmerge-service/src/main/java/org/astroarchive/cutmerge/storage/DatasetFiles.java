package org.astroarchive.cutmerge.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.repository.StoredFile;
import org.jboss.logging.Logger;

/**
 * A catalogued file's bytes as a local file of the {@link ProgenitorCache}, fetched on a miss from the first replica
 * whose md5 matches {@code archive.files.md5}; a gzip-compressed file is kept decompressed (under the md5 of its
 * stored bytes), so that FITS readers can seek in it. Failures are answered with the fault that says who must act.
 */
@ApplicationScoped
public class DatasetFiles {

    private static final Logger LOG = Logger.getLogger(DatasetFiles.class);

    private final ObjectStore store;
    private final ProgenitorCache cache;

    public DatasetFiles(ObjectStore store, ProgenitorCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /** {@link #fetch(StoredFile, String, String)} with no preferred replica, the file called "file". */
    public ProgenitorCache.Lease fetch(StoredFile file) {
        return fetch(file, "", "file");
    }

    /**
     * The local copy of {@code file} (md5 verified when it entered the cache); the caller closes the lease and never
     * deletes the file.
     *
     * @param preferredRse the storage element whose replica is tried first
     * @param noun         what the file is called in fault texts ("progenitor file")
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException TransientFault when S3 does not answer,
     *                                                             FatalFault when no intact copy exists
     */
    public ProgenitorCache.Lease fetch(StoredFile file, String preferredRse, String noun) {
        return cache.acquire(file.md5(), partial -> download(file, preferredRse, noun, partial));
    }

    private void download(StoredFile file, String preferredRse, String noun, Path target) {
        StorageException last = null;
        for (StoredFile.Replica replica : file.replicasPreferring(preferredRse)) {
            try {
                store.download(replica.bucket(), replica.objectKey(), file.md5(), target);
                gunzipInPlace(target);
                return;
            } catch (StorageException e) {
                LOG.errorf("%s %s, replica on %s: %s", noun, file.did(), replica.rse(), e.getMessage());
                last = e;
            }
        }
        if (last != null && last.kind() == StorageException.Kind.UNAVAILABLE) {
            throw Fault.TRANSIENT.exception("the object store did not deliver the " + noun + " " + file.did()
                    + "; try again shortly", last);
        }
        String why = last == null ? "it has no replica" : last.kind() == StorageException.Kind.DAMAGED
                ? "its stored copy fails the checksum check: " + last.getMessage()
                : "its stored copy is missing: " + last.getMessage();
        throw Fault.FATAL.exception("the " + noun + " " + file.did() + " cannot be read, " + why
                + "; please report this to the archive operators", last);
    }

    /** Replaces {@code file} by its decompressed content when it starts with the gzip magic 1f 8b. */
    static void gunzipInPlace(Path file) {
        Path plain = file.resolveSibling(file.getFileName() + ".gunzip");
        try {
            byte[] magic = new byte[2];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(magic, 0, 2) < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) {
                    return;
                }
            }
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(plain, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            ObjectStore.deleteQuietly(plain);
            throw Fault.FATAL.exception("a stored file starts like gzip but cannot be decompressed (" + e
                    + "); please report this to the archive operators", e);
        }
    }
}

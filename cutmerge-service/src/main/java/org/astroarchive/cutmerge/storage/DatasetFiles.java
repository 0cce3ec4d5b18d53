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
 * A catalogued file's bytes as a local temporary file, from the first replica whose md5 matches
 * {@code archive.files.md5}; a gzip-compressed file is decompressed, so that FITS readers can seek in it.
 * Failures are answered with the fault that says who must act.
 */
@ApplicationScoped
public class DatasetFiles {

    private static final Logger LOG = Logger.getLogger(DatasetFiles.class);

    private final ObjectStore store;

    public DatasetFiles(ObjectStore store) {
        this.store = store;
    }

    /**
     * Downloads {@code file} (md5 verified); the caller deletes the returned file.
     *
     * @throws org.astroarchive.cutmerge.cutmerge.CutMergeException TransientFault when S3 does not answer,
     *                                                             FatalFault when no intact copy exists
     */
    public Path fetch(StoredFile file) {
        StorageException last = null;
        for (StoredFile.Replica replica : file.replicas()) {
            try {
                return gunzipped(store.download(replica.bucket(), replica.objectKey(), file.md5()));
            } catch (StorageException e) {
                LOG.errorf("dataset %s, replica on %s: %s", file.did(), replica.rse(), e.getMessage());
                last = e;
            }
        }
        if (last != null && last.kind() == StorageException.Kind.UNAVAILABLE) {
            throw Fault.TRANSIENT.exception("the object store did not deliver " + file.did() + "; try again shortly",
                    last);
        }
        String why = last == null ? "it has no replica" : last.kind() == StorageException.Kind.DAMAGED
                ? "its stored copy fails the checksum check: " + last.getMessage()
                : "its stored copy is missing: " + last.getMessage();
        throw Fault.FATAL.exception("the file " + file.did() + " cannot be read, " + why
                + "; please report this to the archive operators", last);
    }

    /** The file itself, or (gzip magic 1f 8b) its decompressed content in a new file, the original deleted. */
    static Path gunzipped(Path file) {
        Path plain = null;
        try {
            byte[] magic = new byte[2];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(magic, 0, 2) < 2 || (magic[0] & 0xff) != 0x1f || (magic[1] & 0xff) != 0x8b) {
                    return file;
                }
            }
            plain = Files.createTempFile("cutmerge-dataset-", ".fits");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
            }
            ObjectStore.deleteQuietly(file);
            return plain;
        } catch (IOException e) {
            ObjectStore.deleteQuietly(plain);
            ObjectStore.deleteQuietly(file);
            throw Fault.FATAL.exception("a stored file starts like gzip but cannot be decompressed (" + e
                    + "); please report this to the archive operators", e);
        }
    }
}

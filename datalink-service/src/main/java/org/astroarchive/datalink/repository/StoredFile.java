package org.astroarchive.datalink.repository;

import java.util.List;
import java.util.Optional;

/** A file of the archive catalogue ({@code archive.files}) with its replicas ({@code archive.replicas}). */
public record StoredFile(String did, String collection, long bytes, String md5, String contentType,
                         List<Replica> replicas) {

    /** Where one storage element (RSE) keeps the file's bytes. */
    public record Replica(String rse, String bucket, String objectKey) {
    }

    /** The replica on {@code preferredRse} if there is one, else the first (by RSE name); empty without replicas. */
    public Optional<Replica> replica(String preferredRse) {
        return replicas.stream().filter(r -> r.rse().equals(preferredRse)).findFirst()
                .or(() -> replicas.stream().findFirst());
    }
}

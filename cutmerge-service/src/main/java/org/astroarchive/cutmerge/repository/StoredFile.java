package org.astroarchive.cutmerge.repository;

import java.util.List;

/** A file of the archive catalogue ({@code archive.files}) with its replicas ({@code archive.replicas}). */
public record StoredFile(String did, long bytes, String md5, List<Replica> replicas) {

    /** Where one storage element (RSE) keeps the file's bytes. */
    public record Replica(String rse, String bucket, String objectKey) {
    }

    /** The replicas, the one on {@code preferredRse} first. */
    public List<Replica> replicasPreferring(String preferredRse) {
        return replicas.stream().sorted((a, b) -> Boolean.compare(!a.rse().equals(preferredRse),
                !b.rse().equals(preferredRse))).toList();
    }
}

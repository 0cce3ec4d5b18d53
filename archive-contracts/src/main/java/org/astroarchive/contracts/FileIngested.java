package org.astroarchive.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One file stored by the importer; published on {@link Topics#INGEST_FILES_V1}, consumed by metadata-service.
 * Key: the DID. Inside version 1 only nullable fields may be added.
 *
 * @param did          {@code scope:name}
 * @param collection   the data collection whose description model was applied (e.g. {@code images})
 * @param targetTable  the table the metadata fills, schema-qualified (e.g. {@code ivoa.obscore})
 * @param rse          the storage element holding the bytes
 * @param bucket       the S3 bucket of that storage element
 * @param objectKey    the deterministic key, see {@link Did#objectKey()}
 * @param bytes        file size
 * @param adler32      8 lower-case hex digits, computed by the importer
 * @param md5          32 lower-case hex digits, computed by the importer
 * @param contentType  media type of the file (e.g. {@code application/fits})
 * @param ingestedAt   when the importer stored the file
 * @param metadata     extracted metadata: target column name to value (numbers, strings, ISO-8601 instants)
 * @param tables       tables whose rows the file contributes, sent as {@link RowBatch}es on
 *                     {@link Topics#INGEST_ROWS_V1} before this record; null or empty for file-level collections
 * @param replicas     further copies on other storage elements, besides {@code rse}; null or empty if none
 */
public record FileIngested(String did, String collection, String targetTable, String rse, String bucket, String objectKey, long bytes,
                           String adler32, String md5, String contentType, Instant ingestedAt,
                           Map<String, Object> metadata,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TableContent> tables,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Replica> replicas) {

    /** A file described by its metadata alone (one row of {@code targetTable}). */
    public FileIngested(String did, String collection, String targetTable, String rse, String bucket, String objectKey,
                        long bytes, String adler32, String md5, String contentType, Instant ingestedAt,
                        Map<String, Object> metadata) {
        this(did, collection, targetTable, rse, bucket, objectKey, bytes, adler32, md5, contentType, ingestedAt, metadata,
                List.of(), List.of());
    }

    /** A file whose rows come as batches (see {@code tables}), on one storage element. */
    public FileIngested(String did, String collection, String targetTable, String rse, String bucket, String objectKey,
                        long bytes, String adler32, String md5, String contentType, Instant ingestedAt,
                        Map<String, Object> metadata, List<TableContent> tables) {
        this(did, collection, targetTable, rse, bucket, objectKey, bytes, adler32, md5, contentType, ingestedAt, metadata,
                tables, List.of());
    }

    public List<TableContent> tables() {
        return tables == null ? List.of() : tables;
    }

    public List<Replica> replicas() {
        return replicas == null ? List.of() : replicas;
    }

    /**
     * Every stored copy of the file, as catalogued in {@code archive.replicas}: the one on {@code rse} (primary S3
     * endpoint, no {@link Replica#endpoint()}) first, then the {@link #replicas()}. Not part of the JSON.
     */
    public List<Replica> copies() {
        List<Replica> all = new java.util.ArrayList<>();
        all.add(new Replica(rse, bucket, objectKey));
        all.addAll(replicas());
        return List.copyOf(all);
    }
}

package org.astroarchive.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A further copy of a file on another storage element (Rucio RSE), written and checked by the importer.
 *
 * @param rse       the storage element's name
 * @param bucket    its S3 bucket
 * @param objectKey the deterministic key, the same on every RSE
 * @param endpoint  the URL of the S3 server holding this copy (e.g. {@code https://s3.rse2.example.org}) when the
 *                  storage element is a server of its own; null (absent in JSON, as in every record written before
 *                  the field existed) for a copy on the primary S3 endpoint, the one of {@link FileIngested#bucket()}
 */
public record Replica(String rse, String bucket, String objectKey,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String endpoint) {

    /** A copy on the primary S3 endpoint. */
    public Replica(String rse, String bucket, String objectKey) {
        this(rse, bucket, objectKey, null);
    }
}

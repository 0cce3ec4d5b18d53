package org.astroarchive.contracts;

/**
 * A further copy of a file on another storage element (Rucio RSE), written and checked by the importer.
 *
 * @param rse       the storage element's name
 * @param bucket    its S3 bucket
 * @param objectKey the deterministic key, the same on every RSE
 */
public record Replica(String rse, String bucket, String objectKey) {
}

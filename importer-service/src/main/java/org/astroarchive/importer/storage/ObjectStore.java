package org.astroarchive.importer.storage;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The S3 storage elements (MinIO in production, S3Proxy locally), through the MinIO SDK. */
@ApplicationScoped
public class ObjectStore {

    private final MinioClient minio;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

    public ObjectStore(MinioClient minio) {
        this.minio = minio;
    }

    /** Uploads a local file; the checksums go along as user metadata so the object describes itself. */
    public void put(String bucket, String key, Path file, String contentType, Map<String, String> userMetadata) throws StorageException {
        try {
            ensureBucket(bucket);
            minio.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                    .contentType(contentType).userMetadata(userMetadata).build());
        } catch (Exception e) {
            throw new StorageException("could not store " + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a stored object is the file: same size and the md5 recorded with it.
     *
     * @throws StorageException if it is missing or differs
     */
    public void verify(String bucket, String key, long bytes, String md5) throws StorageException {
        StatObjectResponse stat;
        try {
            stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new StorageException("could not check " + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        String storedMd5 = stat.userMetadata().get("md5");
        if (stat.size() != bytes || !md5.equals(storedMd5)) {
            throw new StorageException(bucket + "/" + key + " holds " + stat.size() + " bytes with md5 " + storedMd5
                    + ", not the " + bytes + " bytes with md5 " + md5 + " written", null);
        }
    }

    private void ensureBucket(String bucket) throws Exception {
        if (knownBuckets.contains(bucket)) {
            return;
        }
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (io.minio.errors.ErrorResponseException e) {
                // found by suites/BadInputIT: two requests creating the bucket at once; the loser's answer is this
                String code = e.errorResponse() == null ? "" : e.errorResponse().code();
                if (!code.equals("BucketAlreadyOwnedByYou") && !code.equals("BucketAlreadyExists")) {
                    throw e;
                }
            }
        }
        knownBuckets.add(bucket);
    }
}

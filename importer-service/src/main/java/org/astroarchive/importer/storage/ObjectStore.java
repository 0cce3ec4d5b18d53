package org.astroarchive.importer.storage;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
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

    private void ensureBucket(String bucket) throws Exception {
        if (knownBuckets.contains(bucket)) {
            return;
        }
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        }
        knownBuckets.add(bucket);
    }
}

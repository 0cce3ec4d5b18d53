package org.astroarchive.tap.uws;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.UploadObjectArgs;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import org.astroarchive.tap.config.TapConfig;

/** The files of async jobs in S3, their results and their uploads, so that every instance can serve every job. */
@ApplicationScoped
public class JobFileStore {

    private final MinioClient minio;
    private final String bucket;
    private volatile boolean bucketReady;

    public JobFileStore(MinioClient minio, TapConfig config) {
        this.minio = minio;
        this.bucket = config.resultsBucket();
    }

    public void put(String key, Path file, String contentType) throws Exception {
        ensureBucket();
        minio.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                .contentType(contentType).build());
    }

    public InputStream open(String key) throws Exception {
        return minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
    }

    public void delete(String key) throws Exception {
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    }

    public void download(String key, Path target) throws Exception {
        try (InputStream in = open(key)) {
            java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes every object under {@code prefix} (a job's uploads). */
    public void deletePrefix(String prefix) throws Exception {
        for (var item : minio.listObjects(io.minio.ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            delete(item.get().objectName());
        }
    }

    private void ensureBucket() throws Exception {
        if (!bucketReady) {
            if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (io.minio.errors.ErrorResponseException e) {
                    // found by system-tests LoadIT: the first jobs of a fresh instance create the bucket at once, and
                    // the losers' answer is this; the bucket is there, which is all that is wanted
                    String code = e.errorResponse() == null ? "" : e.errorResponse().code();
                    if (!code.equals("BucketAlreadyOwnedByYou") && !code.equals("BucketAlreadyExists")) {
                        throw e;
                    }
                }
            }
            bucketReady = true;
        }
    }
}

package org.astroarchive.cutmerge.health;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the storage element holding the progenitor files answers. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    private final MinioClient minio;
    private final String bucket;

    public ObjectStoreHealthCheck(MinioClient minio, CutMergeConfig config) {
        this.minio = minio;
        this.bucket = config.bucket();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("object store").withData("bucket", bucket);
        try {
            boolean exists = minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
            // a missing bucket is fine: the importer creates it with the first file
            return response.up().withData("bucketExists", exists).build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

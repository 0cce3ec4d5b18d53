package org.astroarchive.datalink.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.astroarchive.datalink.config.DataLinkConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The S3 store holding the files' bytes; hands out presigned GET URLs, so bytes never pass through this service. */
@ApplicationScoped
public class ObjectStore {

    /** S3 SigV4 presigned URLs live at most 7 days. */
    private static final Duration LONGEST = Duration.ofDays(7);

    /** Signs URLs; never sends a request, since the region is known. */
    private final MinioClient signer;

    @Inject
    public ObjectStore(MinioClient minio, DataLinkConfig config,
                       @ConfigProperty(name = "quarkus.minio.access-key") String accessKey,
                       @ConfigProperty(name = "quarkus.minio.secret-key") String secretKey,
                       @ConfigProperty(name = "quarkus.minio.region", defaultValue = "us-east-1") String region) {
        this(config.s3PublicUrl().map(url -> signer(url, accessKey, secretKey, region)).orElse(minio));
    }

    ObjectStore(MinioClient signer) {
        this.signer = signer;
    }

    /**
     * A client for the S3 endpoint clients reach (a SigV4 signature covers the host, so a URL signed for the
     * internal endpoint cannot be rewritten afterwards).
     */
    static MinioClient signer(String endpoint, String accessKey, String secretKey, String region) {
        return MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
    }

    /**
     * A URL anyone holding it can GET the object with, until {@code expiry} from now. Signing is local, so the
     * object's absence shows only when the URL is used.
     *
     * @throws StorageException if the URL cannot be signed
     */
    public String presignedGet(String bucket, String objectKey, Duration expiry) throws StorageException {
        long seconds = Math.max(1, Math.min(expiry.toSeconds(), LONGEST.toSeconds()));
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                    .bucket(bucket).object(objectKey).expiry((int) seconds).build());
        } catch (Exception e) { // the SDK declares eight checked exceptions, all meaning "no URL"
            throw new StorageException("cannot sign a URL for " + bucket + "/" + objectKey + ": " + e.getMessage(), e);
        }
    }

    /** The object store could not produce what was asked. */
    public static class StorageException extends Exception {
        public StorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

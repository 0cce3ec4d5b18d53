package org.astroarchive.cutmerge.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** The S3 store: progenitor files are downloaded from it (checksum verified), results cached in it. */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);
    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchObject");

    private final MinioClient minio;
    /** Buckets known to exist, so that a cache write costs one request. */
    private final Set<String> buckets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ObjectStore(MinioClient minio) {
        this.minio = minio;
    }

    /** An object of the store, opened for reading. */
    public record StoredObject(InputStream body, long size) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Copies {@code bucket/objectKey} into {@code target} (created or replaced) and checks its md5 against
     * {@code expectedMd5} (lower-case hex) on the way; on failure {@code target} is deleted.
     *
     * @throws StorageException MISSING if there is no such object, DAMAGED if the md5 differs, UNAVAILABLE if S3
     *                          fails otherwise
     */
    public void download(String bucket, String objectKey, String expectedMd5, Path target) throws StorageException {
        boolean verified = false;
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(minio.getObject(GetObjectArgs.builder().bucket(bucket)
                    .object(objectKey).build()), md5);
                 OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(md5.digest());
            if (!actual.equalsIgnoreCase(expectedMd5)) {
                throw new StorageException(StorageException.Kind.DAMAGED, "s3://" + bucket + "/" + objectKey
                        + " has md5 " + actual + " but the catalogue (archive.files.md5) records " + expectedMd5, null);
            }
            verified = true;
        } catch (StorageException e) {
            throw e;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            throw new StorageException(ABSENT.contains(code) ? StorageException.Kind.MISSING
                    : StorageException.Kind.UNAVAILABLE, "s3://" + bucket + "/" + objectKey + ": " + code + " "
                    + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        } catch (Exception e) { // the SDK declares eight checked exceptions; IOException from the network
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot read s3://" + bucket + "/"
                    + objectKey + ": " + e, e);
        } finally {
            if (!verified) {
                deleteQuietly(target);
            }
        }
    }

    /** The object {@code bucket/key} if it exists; S3 failures read as "not there" (the caller computes instead). */
    public Optional<StoredObject> find(String bucket, String key) {
        try {
            StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            InputStream body = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new StoredObject(body, stat.size()));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            if (!ABSENT.contains(code)) {
                LOG.warnf("cannot read s3://%s/%s (%s): %s", bucket, key, code, e.getMessage());
            }
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("cannot read s3://%s/%s: %s", bucket, key, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The object {@code bucket/key} of {@code size} bytes, known to exist (one GET, no HEAD); empty if it is gone or S3
     * fails (the caller computes instead).
     */
    public Optional<StoredObject> open(String bucket, String key, long size) {
        try {
            return Optional.of(new StoredObject(minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                    .build()), size));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? "" : e.errorResponse().code();
            LOG.warnf("cannot read s3://%s/%s (%s): %s", bucket, key, code, e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("cannot read s3://%s/%s: %s", bucket, key, e.toString());
            return Optional.empty();
        }
    }

    /** Whether the object {@code bucket/key} exists (one HEAD); S3 failures read as "no". */
    public boolean exists(String bucket, String key) {
        try {
            minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (Exception e) {
            LOG.debugf("s3://%s/%s not found: %s", bucket, key, e.toString());
            return false;
        }
    }

    /** Stores {@code bytes} as {@code bucket/key}, creating the bucket if needed. */
    public void put(String bucket, String key, byte[] bytes, String contentType) throws StorageException {
        put(bucket, key, new ByteArrayInputStream(bytes), bytes.length, contentType);
    }

    /** Stores {@code size} bytes read from {@code in} as {@code bucket/key}, creating the bucket if needed. */
    public void put(String bucket, String key, InputStream in, long size, String contentType) throws StorageException {
        try {
            if (!buckets.contains(bucket)) {
                if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    } catch (ErrorResponseException e) { // created meanwhile by another request or replica
                        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                            throw e;
                        }
                    }
                }
                buckets.add(bucket);
            }
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, -1)
                    .contentType(contentType).build());
        } catch (Exception e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "cannot write s3://" + bucket + "/" + key
                    + ": " + e, e);
        }
    }

    /** Lower-case hex SHA-256 of {@code text} (UTF-8): the names of cached results. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete temporary file %s: %s", file, e.getMessage());
        }
    }
}

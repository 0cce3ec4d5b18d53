package org.astroarchive.cutmerge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.exceptions.HdfException;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.repository.StoredFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progenitor cache on real files, filled from the real S3 (S3Proxy) through {@link DatasetFiles}. */
class ProgenitorCacheTest {

    private static final String BUCKET = "progenitor-cache-test";
    private static final int SIZE = 100_000;
    private static MinioClient minio;
    private static ObjectStore store;
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void s3() throws Exception {
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        minio = MinioClient.builder().endpoint("127.0.0.1", s3.port(), false)
                .credentials(ArchiveConfig.S3_ACCESS_KEY, ArchiveConfig.S3_SECRET_KEY).region("us-east-1").build();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        store = new ObjectStore(minio);
    }

    /** Uploads {@code bytes} as a new object and catalogues it with {@code md5}. */
    private static StoredFile upload(byte[] bytes, String md5) throws Exception {
        String key = "files/" + NAMES.incrementAndGet() + "-" + System.nanoTime();
        minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        return new StoredFile("test:" + key, bytes.length, md5, List.of(new StoredFile.Replica("LOCAL_S3", BUCKET,
                key)));
    }

    private static StoredFile upload(byte[] bytes) throws Exception {
        return upload(bytes, md5(bytes));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(NAMES.incrementAndGet()).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static void delete(StoredFile file) throws Exception {
        minio.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(file.replicas().get(0).objectKey())
                .build());
    }

    private List<Path> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void aHitNeitherDownloadsNorNeedsTheObjectAgain() throws Exception {
        DatasetFiles files = new DatasetFiles(store, new ProgenitorCache(dir, 10L * SIZE));
        byte[] bytes = randomBytes(SIZE);
        StoredFile file = upload(bytes);
        Path first;
        try (ProgenitorCache.Lease lease = files.fetch(file)) {
            assertThat(lease.hit()).isFalse();
            first = lease.path();
            assertThat(Files.readAllBytes(first)).isEqualTo(bytes);
        }
        delete(file); // a GET would now fail with NoSuchKey (FatalFault)
        try (ProgenitorCache.Lease lease = files.fetch(file)) {
            assertThat(lease.hit()).isTrue();
            assertThat(lease.path()).isEqualTo(first).hasFileName(file.md5());
            assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes);
        }
    }

    /** A small HDF5 file holding {@code /x} = {@code values}. */
    private static byte[] hdf5(long... values) throws Exception {
        Path file = Files.createTempFile("progenitor-cache-test-", ".h5");
        try {
            try (WritableHdfFile hdf = HdfFile.write(file)) {
                hdf.putDataset("x", values);
            }
            return Files.readAllBytes(file);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void anHdf5FileIsOpenedOnceForAllLeasesAndClosedWhenEvicted() throws Exception {
        byte[] first = hdf5(1, 2, 3);
        ProgenitorCache cache = new ProgenitorCache(dir, first.length + first.length / 2);
        DatasetFiles files = new DatasetFiles(store, cache);
        StoredFile a = upload(first);
        StoredFile b = upload(hdf5(4, 5, 6, 7));
        HdfFile opened;
        try (ProgenitorCache.Lease one = files.fetch(a); ProgenitorCache.Lease two = files.fetch(a)) {
            opened = one.hdf5();
            assertThat(two.hdf5()).isSameAs(opened);
            assertThat(opened.getDatasetByPath("/x").getData()).isEqualTo(new long[] {1, 2, 3});
        }
        try (ProgenitorCache.Lease again = files.fetch(a)) {
            assertThat(again.hdf5()).as("kept open between requests").isSameAs(opened);
        }
        try (ProgenitorCache.Lease other = files.fetch(b)) {
            assertThat(other.hdf5().getDatasetByPath("/x").getData()).isEqualTo(new long[] {4, 5, 6, 7});
        }
        assertThat(cache.contains(a.md5())).as("evicted above the bound").isFalse();
        assertThatThrownBy(() -> opened.getDatasetByPath("/x").getData()).as("closed on eviction")
                .isInstanceOf(HdfException.class);
    }

    @Test
    void aLeaseOpenedAsHdf5OnlyWhileItIsHeld() throws Exception {
        DatasetFiles files = new DatasetFiles(store, new ProgenitorCache(dir, 10L * SIZE));
        ProgenitorCache.Lease lease = files.fetch(upload(hdf5(8)));
        lease.close();
        assertThatThrownBy(lease::hdf5).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void evictsTheLeastRecentlyUsedFilesAboveTheBound() throws Exception {
        ProgenitorCache cache = new ProgenitorCache(dir, 2 * SIZE + SIZE / 2);
        DatasetFiles files = new DatasetFiles(store, cache);
        StoredFile a = upload(randomBytes(SIZE));
        StoredFile b = upload(randomBytes(SIZE));
        StoredFile c = upload(randomBytes(SIZE));
        files.fetch(a).close();
        files.fetch(b).close();
        try (ProgenitorCache.Lease again = files.fetch(a)) { // a is now more recently used than b
            assertThat(again.hit()).isTrue();
        }
        files.fetch(c).close();
        assertThat(cache.contains(a.md5())).isTrue();
        assertThat(cache.contains(b.md5())).isFalse();
        assertThat(cache.contains(c.md5())).isTrue();
        assertThat(cache.bytes()).isEqualTo(2L * SIZE);
        assertThat(filesIn(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(a.md5(), c.md5());
    }

    @Test
    void aCopyFailingTheMd5NeverEntersTheCacheAndIsAFatalFault() throws Exception {
        ProgenitorCache cache = new ProgenitorCache(dir, 10L * SIZE);
        DatasetFiles files = new DatasetFiles(store, cache);
        String catalogued = "0123456789abcdef0123456789abcdef";
        StoredFile damaged = upload(randomBytes(SIZE), catalogued);
        for (int attempt = 0; attempt < 2; attempt++) { // the second attempt downloads again: nothing was kept
            assertThatThrownBy(() -> files.fetch(damaged))
                    .isInstanceOfSatisfying(CutMergeException.class, e -> assertThat(e.fault()).isEqualTo(Fault.FATAL))
                    .hasMessageContaining("fails the checksum check").hasMessageContaining(catalogued);
            assertThat(cache.contains(catalogued)).isFalse();
            assertThat(filesIn(dir)).isEmpty();
            assertThat(cache.bytes()).isZero();
        }
    }

    @Test
    void anObjectStoreThatDoesNotAnswerIsATransientFault() throws Exception {
        MinioClient nowhere = MinioClient.builder().endpoint("127.0.0.1", LocalComponent.freePort(), false)
                .credentials(ArchiveConfig.S3_ACCESS_KEY, ArchiveConfig.S3_SECRET_KEY).region("us-east-1").build();
        ProgenitorCache cache = new ProgenitorCache(dir, 10L * SIZE);
        DatasetFiles files = new DatasetFiles(new ObjectStore(nowhere), cache);
        byte[] bytes = randomBytes(SIZE);
        StoredFile file = upload(bytes);
        assertThatThrownBy(() -> files.fetch(file))
                .isInstanceOfSatisfying(CutMergeException.class, e -> assertThat(e.fault()).isEqualTo(Fault.TRANSIENT));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void concurrentRequestsForTheSameMissingFileDownloadItOnce() throws Exception {
        ProgenitorCache cache = new ProgenitorCache(dir, 10L * SIZE);
        byte[] bytes = randomBytes(SIZE);
        StoredFile file = upload(bytes);
        AtomicInteger downloads = new AtomicInteger();
        CountDownLatch allAsking = new CountDownLatch(8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    allAsking.countDown();
                    try (ProgenitorCache.Lease lease = cache.acquire(file.md5(), partial -> {
                        downloads.incrementAndGet();
                        try {
                            // hold the download until every request has asked, so that they all find it running
                            assertThat(allAsking.await(30, TimeUnit.SECONDS)).isTrue();
                            Thread.sleep(200);
                            store.download(BUCKET, file.replicas().get(0).objectKey(), file.md5(), partial);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })) {
                        assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes);
                        return lease.path();
                    }
                }));
            }
            for (Future<Path> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(dir.resolve(file.md5()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(downloads).hasValue(1);
    }

    @Test
    void aFileInUseIsNotEvictedUntilItsLeaseCloses() throws Exception {
        ProgenitorCache cache = new ProgenitorCache(dir, SIZE); // room for one file
        DatasetFiles files = new DatasetFiles(store, cache);
        byte[] aBytes = randomBytes(SIZE);
        StoredFile a = upload(aBytes);
        StoredFile b = upload(randomBytes(SIZE));
        try (ProgenitorCache.Lease inUse = files.fetch(a)) {
            files.fetch(b).close(); // over the bound, but a is being read: b, not in use, goes
            assertThat(cache.contains(a.md5())).isTrue();
            assertThat(Files.readAllBytes(inUse.path())).isEqualTo(aBytes);
            try (ProgenitorCache.Lease bInUse = files.fetch(b)) {
                assertThat(bInUse.hit()).isFalse();
                assertThat(cache.bytes()).isEqualTo(2L * SIZE); // both in use: the bound waits
                assertThat(Files.readAllBytes(inUse.path())).isEqualTo(aBytes);
            }
            // b was used last but a is still read: b goes, as soon as it is no longer read
            assertThat(cache.contains(b.md5())).isFalse();
            assertThat(cache.bytes()).isEqualTo(SIZE);
            assertThat(Files.readAllBytes(inUse.path())).isEqualTo(aBytes);
        }
        assertThat(cache.contains(a.md5())).isTrue(); // within the bound again: kept for the next request
        assertThat(filesIn(dir)).extracting(p -> p.getFileName().toString()).containsExactly(a.md5());
    }

    @Test
    void keepsVerifiedEntriesAcrossARestartAndDropsPartialDownloads() throws Exception {
        byte[] bytes = randomBytes(SIZE);
        StoredFile file = upload(bytes);
        new DatasetFiles(store, new ProgenitorCache(dir, 10L * SIZE)).fetch(file).close();
        Files.write(dir.resolve("partial-" + file.md5() + "-interrupted"), new byte[10]);
        delete(file);
        ProgenitorCache restarted = new ProgenitorCache(dir, 10L * SIZE);
        assertThat(restarted.bytes()).isEqualTo(SIZE);
        try (ProgenitorCache.Lease lease = new DatasetFiles(store, restarted).fetch(file)) {
            assertThat(lease.hit()).isTrue();
            assertThat(Files.readAllBytes(lease.path())).isEqualTo(bytes);
        }
        assertThat(filesIn(dir)).extracting(p -> p.getFileName().toString()).containsExactly(file.md5());
    }

    @Test
    void keepsAGzippedFileDecompressedUnderTheMd5OfItsStoredBytes() throws Exception {
        byte[] plain = randomBytes(SIZE);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(plain);
        }
        StoredFile file = upload(gzipped.toByteArray());
        try (ProgenitorCache.Lease lease = new DatasetFiles(store, new ProgenitorCache(dir, 10L * SIZE)).fetch(file)) {
            assertThat(lease.path()).hasFileName(file.md5());
            assertThat(Files.readAllBytes(lease.path())).isEqualTo(plain);
        }
    }
}

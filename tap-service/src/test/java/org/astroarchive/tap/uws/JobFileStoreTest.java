package org.astroarchive.tap.uws;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.astroarchive.tap.TestTapConfig;
import org.astroarchive.tap.config.TapConfig;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first jobs of fresh instances store their results at once, on a real S3 server (found by LoadIT). */
class JobFileStoreTest {

    @TempDir
    Path dir;

    @Test
    void jobsCreatingTheResultsBucketAtOnceAllStoreTheirResults() throws Exception {
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        Map<String, String> config = ArchiveConfig.s3(s3);
        MinioClient minio = MinioClient.builder().endpoint("http://127.0.0.1:" + s3.port())
                .credentials(config.get("archive.s3.access-key"), config.get("archive.s3.secret-key")).build();
        String bucket = "results-" + UUID.randomUUID();
        // only the results bucket is read by JobFileStore
        TapConfig tapConfig = TestTapConfig.of(Map.of("resultsBucket", bucket));
        Path result = Files.writeString(dir.resolve("result.csv"), "a\n1\n");
        int jobs = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<?>> stored = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String key = "job-" + i + "/result";
                // one store per job, as on as many fresh instances: each tries to create the bucket
                JobFileStore store = new JobFileStore(minio, tapConfig);
                stored.add(pool.submit(() -> {
                    start.await();
                    store.put(key, result, "text/csv");
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> job : stored) {
                job.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < jobs; i++) {
            assertThat(minio.statObject(StatObjectArgs.builder().bucket(bucket).object("job-" + i + "/result").build()).size())
                    .isEqualTo(4);
        }
    }
}

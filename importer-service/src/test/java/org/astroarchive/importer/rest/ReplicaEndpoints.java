package org.astroarchive.importer.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.astroarchive.testsupport.LocalComponent;

/** Replica storage elements on S3 endpoints other than the primary one, as {@code importer.replicas.<RSE>.*}. */
final class ReplicaEndpoints {

    static final String BUCKET = "rse-remote";
    /** The second server's own credentials: the primary endpoint's would be refused there. */
    static final String ACCESS_KEY = "rse2";
    static final String SECRET_KEY = "rse2-secret";

    private ReplicaEndpoints() {
    }

    static Map<String, String> replica(String rse, String endpoint) {
        String prefix = "importer.replicas." + rse + ".";
        return Map.of(prefix + "bucket", BUCKET, prefix + "endpoint", endpoint,
                prefix + "access-key", ACCESS_KEY, prefix + "secret-key", SECRET_KEY);
    }

    /** RSE {@code REMOTE_S3}: a second, real S3Proxy of its own, started for the test class and stopped after it. */
    public static class SecondS3 implements QuarkusTestResourceLifecycleManager {
        static final String RSE = "REMOTE_S3";
        private LocalComponent s3;

        @Override
        public Map<String, String> start() {
            s3 = LocalComponent.start(LocalComponent.Kind.S3,
                    Map.of("ARCHIVE_S3_ACCESS_KEY", ACCESS_KEY, "ARCHIVE_S3_SECRET_KEY", SECRET_KEY));
            return replica(RSE, "http://127.0.0.1:" + s3.port());
        }

        @Override
        public void stop() {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /** RSE {@code REMOTE_DOWN}: an endpoint where nothing listens, as a storage element that is down. */
    public static class Unreachable implements QuarkusTestResourceLifecycleManager {
        static final String RSE = "REMOTE_DOWN";

        @Override
        public Map<String, String> start() {
            return replica(RSE, "http://127.0.0.1:" + LocalComponent.freePort());
        }

        @Override
        public void stop() {
            // nothing was started
        }
    }
}

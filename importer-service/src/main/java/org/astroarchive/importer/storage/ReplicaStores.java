package org.astroarchive.importer.storage;

import io.minio.MinioClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.astroarchive.importer.config.ImporterConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The further storage elements of {@code importer.replicas.<RSE>.*}, in RSE name order: each one's bucket and the
 * {@link ObjectStore} that reaches it, the primary one or, for an RSE with an {@code endpoint}, one of its own
 * (a MinIO client per RSE). Built at start, so that a malformed endpoint stops the service rather than an upload.
 */
@Startup
@ApplicationScoped
public class ReplicaStores {

    private static final Logger LOG = Logger.getLogger(ReplicaStores.class);
    /** An endpoint that does not answer fails the upload after this long, not after the SDK's 5 minutes. */
    static final long CONNECT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);
    private static final long TRANSFER_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    /**
     * One storage element a copy of every file goes to.
     *
     * @param endpoint the URL of its own S3 server; null on the primary endpoint
     */
    public record Target(String rse, String bucket, String endpoint, ObjectStore store) {

        /** How errors name it: the RSE and the server it lives on. */
        public String describe() {
            return "replica RSE " + rse + " (bucket " + bucket + " on " + (endpoint == null ? "the primary S3 endpoint"
                    : "S3 endpoint " + endpoint) + ")";
        }
    }

    private final List<Target> targets;

    public ReplicaStores(ImporterConfig config, ObjectStore primary,
                         @ConfigProperty(name = "archive.s3.access-key") String primaryAccessKey,
                         @ConfigProperty(name = "archive.s3.secret-key") String primarySecretKey) {
        List<Target> all = new ArrayList<>();
        for (Map.Entry<String, ImporterConfig.ReplicaStore> entry : new TreeMap<>(config.replicas()).entrySet()) {
            String rse = entry.getKey();
            ImporterConfig.ReplicaStore settings = entry.getValue();
            String endpoint = settings.endpoint().map(String::strip).filter(url -> !url.isEmpty())
                    .map(url -> url.replaceAll("/+$", "")).orElse(null);
            ObjectStore store = endpoint == null ? primary : new ObjectStore(client(rse, endpoint,
                    settings.accessKey().orElse(primaryAccessKey), settings.secretKey().orElse(primarySecretKey)));
            Target target = new Target(rse, settings.bucket(), endpoint, store);
            LOG.infof("every file is also copied to %s", target.describe());
            all.add(target);
        }
        this.targets = List.copyOf(all);
    }

    /** The storage elements, in RSE name order; empty without {@code importer.replicas}. */
    public List<Target> all() {
        return targets;
    }

    private static MinioClient client(String rse, String endpoint, String accessKey, String secretKey) {
        MinioClient client;
        try {
            client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("importer.replicas." + rse + ".endpoint '" + endpoint
                    + "' is not an S3 endpoint URL (e.g. https://s3.rse2.example.org): " + e.getMessage(), e);
        }
        client.setTimeout(CONNECT_TIMEOUT_MS, TRANSFER_TIMEOUT_MS, TRANSFER_TIMEOUT_MS);
        return client;
    }
}

package org.astroarchive.importer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How the settings of a replica RSE given partly in a properties file and partly by environment variables (its keys,
 * from a Secret) are read, as the importer README documents them: SmallRye Config's environment source, the one
 * Quarkus uses, with the mapping of {@link ImporterConfig}.
 */
class ImporterConfigTest {

    private static final Map<String, String> REMOTE_S3_IN_FILE = Map.of("importer.replicas.REMOTE_S3.bucket", "rse-remote");

    /** RSE name → "bucket endpoint access-key secret-key" ("-" for an absent optional). */
    private static Map<String, String> replicas(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("importer.spool-dir", "/tmp");
        all.put("importer.inbox.scan-every", "PT2S");
        ImporterConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(ImporterConfig.class)
                .withSources(new PropertiesConfigSource(all, "application.properties", 250))
                .withSources(new EnvConfigSource(environment, EnvConfigSource.ORDINAL))
                .build().getConfigMapping(ImporterConfig.class);
        Map<String, String> seen = new TreeMap<>();
        config.replicas().forEach((rse, r) -> seen.put(rse, String.join(" ", r.bucket(), r.endpoint().orElse("-"),
                r.accessKey().orElse("-"), r.secretKey().orElse("-"))));
        return seen;
    }

    @Test
    void anRseDeclaredInAFileTakesItsEndpointAndKeysFromTheEnvironment() {
        assertThat(replicas(REMOTE_S3_IN_FILE, Map.of("IMPORTER_REPLICAS_REMOTE_S3_ENDPOINT", "https://s3.rse2.example.org",
                "IMPORTER_REPLICAS_REMOTE_S3_ACCESS_KEY", "key", "IMPORTER_REPLICAS_REMOTE_S3_SECRET_KEY", "secret")))
                .containsExactly(Map.entry("REMOTE_S3", "rse-remote https://s3.rse2.example.org key secret"));
        // a name without "_" works in lower case
        assertThat(replicas(Map.of("importer.replicas.rse2.bucket", "rse-remote"), Map.of("IMPORTER_REPLICAS_RSE2_SECRET_KEY", "secret")))
                .containsExactly(Map.entry("rse2", "rse-remote - - secret"));
    }

    @Test
    void aKeyCanComeFromAVariableOfAnyNameThroughAnExpression() {
        assertThat(replicas(Map.of("importer.replicas.RSE2.bucket", "rse-remote", "importer.replicas.RSE2.secret-key",
                "${RSE2_SECRET_KEY}"), Map.of("RSE2_SECRET_KEY", "secret")))
                .containsExactly(Map.entry("RSE2", "rse-remote - - secret"));
    }

    @Test
    void theDocumentedPitfalls() {
        // the double-underscore (quoted key) form names another RSE: "remote.s3", which has no bucket
        assertThatThrownBy(() -> replicas(REMOTE_S3_IN_FILE, Map.of("IMPORTER_REPLICAS__REMOTE_S3__SECRET_KEY", "secret")))
                .hasMessageContaining("importer.replicas.\"remote.s3\".bucket");
        // an upper-case name without "_" comes back from the environment in lower case, as a second RSE
        assertThatThrownBy(() -> replicas(Map.of("importer.replicas.RSE2.bucket", "rse-remote"),
                Map.of("IMPORTER_REPLICAS_RSE2_SECRET_KEY", "secret")))
                .hasMessageContaining("importer.replicas.rse2.bucket");
        // an RSE whose name holds "_", given by environment variables alone, is not seen at all
        assertThat(replicas(Map.of(), Map.of("IMPORTER_REPLICAS_REMOTE_S3_BUCKET", "rse-remote"))).isEmpty();
    }
}

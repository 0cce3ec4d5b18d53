package org.astroarchive.datalink.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.datalink.DataLinkFixtures.*;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.astroarchive.datalink.DataLinkFixtures;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production default: no #this Cut & Merge link while cutmerge-service does not serve it. */
@QuarkusTest
@TestProfile(CutMergeDisabledTest.Disabled.class)
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(S3Resource.class)
class CutMergeDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("datalink.cutmerge-enabled", "false");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        DataLinkFixtures.load(dataSource, minio);
    }

    @Test
    void aSourceHasItsProgenitorAndCounterpartOnly() throws Exception {
        assertThat(DataLinkResourceTest.links(sourceId(SOURCE_A))).extracting(r -> r.text("semantics"))
                .containsExactly("#progenitor", "#counterpart");
    }
}

package org.astroarchive.datalink.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {

    @Test
    void signsForThePublicEndpointWithoutContactingIt() throws Exception {
        ObjectStore store = new ObjectStore(ObjectStore.signer("https://s3.archive.example.org", "key", "secret", "us-east-1"));
        String url = store.presignedGet("rse-local", "gaia/20/2c/CompleteSource_000.h5", Duration.ofDays(30));
        assertThat(url).startsWith("https://s3.archive.example.org/rse-local/gaia/20/2c/CompleteSource_000.h5?")
                .contains("X-Amz-Expires=604800") // capped at the SigV4 maximum, 7 days
                .contains("X-Amz-Signature=");
    }
}

package org.astroarchive.importer.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astroarchive.contracts.Did;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.Test;

/** Files dropped into the inbox are ingested into real S3 and Kafka, or set aside with their reason. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(KeycloakResource.class)
class InboxWatcherTest {

    private static final Path AZP = Path.of("src/test/resources/samples/fits/1904-66_AZP.fits");

    @Inject
    InboxWatcher watcher;

    @Inject
    MinioClient minio;

    @Test
    void aSettledFileIsIngestedAndMovedToDoneAndABadOneIsSetAsideWithItsReason() throws Exception {
        Path inbox = Files.createTempDirectory("inbox");
        Files.createDirectories(inbox.resolve("images"));
        Files.copy(AZP, inbox.resolve("images/inbox-azp.fits"));
        Files.writeString(inbox.resolve("images/junk.fits"), "not FITS at all");
        Files.createDirectories(inbox.resolve("nosuch"));
        Files.writeString(inbox.resolve("nosuch/x.fits"), "x");

        watcher.scan(inbox);
        assertThat(inbox.resolve("images/inbox-azp.fits")).as("not settled after one look").exists();

        watcher.scan(inbox);
        assertThat(inbox.resolve("images/inbox-azp.fits")).doesNotExist();
        assertThat(inbox.resolve(".done/images/inbox-azp.fits")).hasSameBinaryContentAs(AZP);
        Did did = new Did("images", "inbox-azp.fits");
        assertThat(minio.statObject(StatObjectArgs.builder().bucket("rse-local").object(did.objectKey()).build()).size())
                .isEqualTo(Files.size(AZP));

        assertThat(inbox.resolve(".rejected/images/junk.fits")).exists();
        assertThat(Files.readString(inbox.resolve(".rejected/images/junk.fits.reason.txt"))).isNotBlank();
        assertThat(Files.readString(inbox.resolve(".rejected/nosuch/x.fits.reason.txt"))).contains("unknown collection 'nosuch'");
    }
}

package org.astroarchive.tap.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.astroarchive.tap.TestTapConfig;
import org.astroarchive.tap.config.TapConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads the service cannot take, found by suites/BadInputIT and SecurityIT: each a clear UploadException. */
class UploadsTest {

    private static final String VOTABLE = """
            <?xml version="1.0"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
              <FIELD name="id" datatype="long"/>
              <DATA>%s</DATA>
            </TABLE></RESOURCE></VOTABLE>
            """;

    @TempDir
    Path dir;

    @Test
    void refusesAnUploadAboveTheByteLimitAsTooLarge() throws Exception {
        Path file = Files.writeString(dir.resolve("t.vot"), VOTABLE.formatted("<TABLEDATA><TR><TD>1</TD></TR></TABLEDATA>"));
        assertThatThrownBy(() -> Uploads.read("t,param:p", Map.of("p", file), config(100)))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.tooLarge()).isTrue();
                    assertThat(e.describe()).contains("more than the limit of 100");
                });
    }

    @Test
    void refusesBrokenBase64AsAnUnreadableVotableWithoutExceptionNames() throws Exception {
        // STIL threw IllegalStateException here: the request ended in a 500
        Path file = Files.writeString(dir.resolve("t.vot"), VOTABLE.formatted(
                "<BINARY2><STREAM encoding=\"base64\">!!!notbase64!!!</STREAM></BINARY2>"));
        assertThatThrownBy(() -> Uploads.read("t,param:p", Map.of("p", file), config(1_000_000)))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.tooLarge()).isFalse();
                    assertThat(e.describe()).contains("upload 't' is not a readable VOTable").doesNotContain("Exception");
                });
    }

    @Test
    void refusesADocumentTypeSoNoExternalEntityIsEverRead() throws Exception {
        // found by suites/SecurityIT: the content of /etc/passwd came back in the query result (XXE)
        String xxe = VOTABLE.formatted("<TABLEDATA><TR><TD>&x;</TD></TR></TABLEDATA>").replace("<?xml version=\"1.0\"?>",
                "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>");
        Path file = Files.writeString(dir.resolve("t.vot"), xxe);
        assertThatThrownBy(() -> Uploads.read("t,param:p", Map.of("p", file), config(1_000_000)))
                .isInstanceOfSatisfying(UploadException.class, e -> assertThat(e.describe()).contains("DOCTYPE"));
    }

    @Test
    void acceptsTheWordDoctypeInsideTheDocument() throws Exception {
        Path file = Files.writeString(dir.resolve("t.vot"), VOTABLE.formatted(
                "<TABLEDATA><TR><TD>1</TD></TR></TABLEDATA>").replace("<DATA>", "<DESCRIPTION>about &lt;!DOCTYPE&gt;</DESCRIPTION><DATA>"));
        assertThat(Uploads.read("t,param:p", Map.of("p", file), config(1_000_000))).hasSize(1);
    }

    private static TapConfig config(long maxBytes) {
        return TestTapConfig.of(Map.of("uploadMaxBytes", maxBytes, "uploadMaxRows", 1000L));
    }
}

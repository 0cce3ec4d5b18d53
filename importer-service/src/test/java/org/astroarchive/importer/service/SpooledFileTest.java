package org.astroarchive.importer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpooledFileTest {

    @Test
    void computesAdler32AndMd5WhileCopying(@TempDir Path dir) throws Exception {
        byte[] content = "Wikipedia".getBytes(StandardCharsets.US_ASCII);
        // reference values: Python's zlib.adler32 and hashlib.md5 of the same bytes
        try (SpooledFile file = SpooledFile.spool(new ByteArrayInputStream(content), dir)) {
            assertThat(file.adler32()).isEqualTo("11e60398");
            assertThat(file.md5()).isEqualTo("9c677286866aad38f8e9b660f5411814");
            assertThat(file.bytes()).isEqualTo(9);
            assertThat(Files.readAllBytes(file.path())).isEqualTo(content);
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("the spool file is deleted on close").isEmpty();
        }
    }
}

package org.astroarchive.cutmerge.cutmerge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Cut &amp; Merge of ~800 rows or more once wrote a 79,900-byte {@code request} attribute, beyond HDF5's 64 KiB
 * object-header message, and neither jHDF nor h5dump could open the result (found by the Cut &amp; Merge benchmark).
 */
class LongRequestAttributesTest {

    private static final String AUTHORITY_ID = "ivo://astroarchive.example/gaia.completesource?";

    @TempDir
    Path dir;

    @Test
    void theRootAttributesOfAThousandRowsStayReadable() throws Exception {
        List<String> ids = IntStream.range(0, 1000).mapToObj(i -> AUTHORITY_ID + (4295806720L + 7919L * i)).toList();
        List<String> progenitors = IntStream.range(0, 1000).mapToObj(i -> "gaia:CompleteSource_" + i + ".h5").toList();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("request", CutMergeService.request(ids));
        CutMergeService.putListOrCount(root, "progenitors", progenitors);
        CutMergeService.putListOrCount(root, "corrections", ids.subList(0, 200));

        String request = (String) root.get("request");
        assertThat(request.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CutMergeService.ATTRIBUTE_LIMIT);
        assertThat(request).startsWith("cutmerge?ID=ivo%3A%2F%2F").contains("1000 IDs in all").endsWith("lists every row)");
        assertThat(root).containsEntry("progenitors_count", 1000L).doesNotContainKey("progenitors");
        assertThat((String[]) root.get("corrections")).hasSize(200);

        Path file = dir.resolve("merged.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            root.forEach(hdf::putAttribute);
        }
        try (HdfFile read = new HdfFile(file)) {
            assertThat(read.getAttribute("request").getData()).isEqualTo(request);
            assertThat(read.getAttribute("progenitors_count").getData()).isEqualTo(1000L);
        }
        Process dump = new ProcessBuilder("h5dump", "-A", file.toString()).redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dump.exitValue()).as(output).isZero();
        assertThat(output).contains("1000 IDs in all");
    }

    @Test
    void aShortRequestIsKeptWhole() {
        List<String> ids = List.of(AUTHORITY_ID + "1", AUTHORITY_ID + "2");
        assertThat(CutMergeService.request(ids)).isEqualTo("cutmerge?ID=ivo%3A%2F%2Fastroarchive.example%2Fgaia.completesource%3F1"
                + "&ID=ivo%3A%2F%2Fastroarchive.example%2Fgaia.completesource%3F2");
    }
}

package org.astroarchive.cutmerge.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.cutmerge.CutMergeFixtures.*;

import io.agroal.api.AgroalDataSource;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.astroarchive.cutmerge.CutMergeFixtures;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class CutMergeResourceTest {

    private static final String CS0 = FILES[0];
    private static final String CS1 = FILES[1];
    private static final String AE0 = FILES[2];
    private static final String AE1 = FILES[3];

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        CutMergeFixtures.load(dataSource, minio);
    }

    static Response cutmerge(String... ids) {
        var request = given();
        for (String id : ids) {
            request = request.queryParam("ID", id);
        }
        return request.when().get("/cutmerge");
    }

    Path save(Response response, String name) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        Path file = Files.createTempFile("cutmerge-test-" + name, ".h5");
        file.toFile().deleteOnExit();
        Files.write(file, response.asByteArray());
        return file;
    }

    static long source(String file, int row) {
        return longs(file, "/CompleteSource/source_id")[row];
    }

    static long transit(String file, int row) {
        return longs(file, "/AstroElementary/transit_id")[row];
    }

    /** Row indexes of the transits of {@code sourceId} in a generated AstroElementary file. */
    static List<Integer> transitRows(String file, long sourceId) {
        long[] sources = longs(file, "/AstroElementary/source_id");
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] == sourceId) {
                rows.add(i);
            }
        }
        return rows;
    }

    static Map<String, Object> attributes(Node node) {
        Map<String, Object> attributes = new TreeMap<>();
        node.getAttributes().forEach((name, attribute) -> {
            if (!name.startsWith("_jHDF")) {
                attributes.put(name, attribute.getData());
            }
        });
        return attributes;
    }

    /**
     * Every dataset of {@code group} in the result has the progenitor's name, element type, trailing dimensions and
     * attributes, and its row i equals row {@code rows[i]} of the progenitor {@code files[i]}.
     */
    static void assertRows(HdfFile result, String group, String[] files, int[] rows) {
        Group merged = (Group) result.getByPath(group);
        try (HdfFile first = new HdfFile(file(files[0]))) {
            Group progenitor = (Group) first.getByPath(group);
            assertThat(merged.getChildren().keySet()).containsExactlyInAnyOrderElementsOf(
                    progenitor.getChildren().keySet());
            assertThat(attributes(merged)).isEqualTo(attributes(progenitor));
            for (Node node : progenitor) {
                Dataset original = (Dataset) node;
                Dataset copy = (Dataset) merged.getChild(node.getName());
                assertThat(copy.getJavaType()).as(node.getName()).isEqualTo(original.getJavaType());
                int[] shape = original.getDimensions().clone();
                shape[0] = rows.length;
                assertThat(copy.getDimensions()).as(node.getName()).containsExactly(shape);
                assertThat(attributes(copy)).as(node.getName()).isEqualTo(attributes(original))
                        .containsKeys("unit", "ucd", "description");
                Object values = copy.getData();
                for (int i = 0; i < rows.length; i++) {
                    assertThat(Array.get(values, i)).as(group + "/" + node.getName() + " row " + i)
                            .isEqualTo(value(files[i], group + "/" + node.getName(), rows[i]));
                }
            }
        }
    }

    @Test
    void extractsExactlyTheRequestedRowsWithTypesAttributesAndProvenance() throws Exception {
        String[] ids = {sourceId(source(CS0, 10)), sourceId(source(CS0, 3)), sourceId(source(CS0, 11))};
        Response response = cutmerge(ids);
        Path file = save(response, "one-file.h5");
        assertThat(response.contentType()).startsWith("application/x-hdf5");
        assertThat(response.header("Content-Disposition")).matches("attachment; filename=cutmerge-[0-9a-f]{64}\\.h5");

        try (HdfFile result = new HdfFile(file); HdfFile progenitor = new HdfFile(file(CS0))) {
            assertRows(result, "/CompleteSource", new String[] {CS0, CS0, CS0}, new int[] {10, 3, 11});
            long progenitorRows = progenitor.getDatasetByPath("/CompleteSource/source_id").getDimensions()[0];
            assertThat(result.getDatasetByPath("/CompleteSource/source_id").getDimensions()[0])
                    .isEqualTo(3).isLessThan((int) progenitorRows);
            assertThat(result.getChildren().keySet()).containsExactlyInAnyOrder("CompleteSource", "Provenance");

            assertThat((String[]) result.getDatasetByPath("/Provenance/did").getData())
                    .containsExactly("gaia:" + CS0, "gaia:" + CS0, "gaia:" + CS0);
            assertThat((long[]) result.getDatasetByPath("/Provenance/row_index").getData()).containsExactly(10, 3, 11);
            assertThat((String[]) result.getDatasetByPath("/Provenance/md5").getData())
                    .containsOnly(md5(CS0));
            assertThat((String[]) result.getDatasetByPath("/Provenance/id").getData()).containsExactly(ids);
            assertThat((long[]) result.getDatasetByPath("/Provenance/row").getData()).containsExactly(0, 1, 2);
            assertThat((int[]) result.getDatasetByPath("/Provenance/corrected").getData()).containsOnly(0);
            assertThat((String) result.getAttribute("request").getData()).startsWith("cutmerge?ID=")
                    .contains("gaia.completesource%3F" + source(CS0, 10));
            assertThat(response.header("Content-Disposition")).contains((String) result.getAttribute("request_hash")
                    .getData());
            assertThat(result.getAttribute("corrections")).isNull();
        }
    }

    @Test
    void mergesRowsOfSeveralFilesAndTablesInTheOrderRequested() throws Exception {
        long source = source(CS0, 7);
        int transitRow = transitRows(AE0, source).get(2);
        String[] ids = {sourceId(source(CS1, 5)), transitId(transit(AE0, transitRow)), sourceId(source),
                sourceId(source(CS0, 0))};
        Path file = save(cutmerge(ids), "merged.h5");
        try (HdfFile result = new HdfFile(file)) {
            assertRows(result, "/CompleteSource", new String[] {CS1, CS0, CS0}, new int[] {5, 7, 0});
            assertRows(result, "/AstroElementary", new String[] {AE0}, new int[] {transitRow});
            assertThat(result.getDatasetByPath("/AstroElementary/ac_win_coord").getDimensions()).containsExactly(1, 10);
            assertThat((String[]) result.getDatasetByPath("/Provenance/did").getData()).containsExactly(
                    "gaia:" + CS1, "gaia:" + AE0, "gaia:" + CS0, "gaia:" + CS0);
            assertThat((String[]) result.getDatasetByPath("/Provenance/group").getData()).containsExactly(
                    "/CompleteSource", "/AstroElementary", "/CompleteSource", "/CompleteSource");
            assertThat((long[]) result.getDatasetByPath("/Provenance/row").getData()).containsExactly(0, 0, 1, 2);
            assertThat((long[]) result.getDatasetByPath("/Provenance/row_index").getData())
                    .containsExactly(5, transitRow, 7, 0);
            assertThat(result.getAttribute("corrections")).as("the transit's source was selected").isNull();
            assertThat((String[]) result.getAttribute("progenitors").getData())
                    .containsExactlyInAnyOrder("gaia:" + CS1, "gaia:" + AE0, "gaia:" + CS0);
        }
    }

    @Test
    void addsTheSourceOfTransitsSelectedWithoutIt() throws Exception {
        long source = source(CS1, 20);
        List<Integer> transits = transitRows(AE1, source);
        String[] ids = {transitId(transit(AE1, transits.get(0))), transitId(transit(AE1, transits.get(1)))};
        Path file = save(cutmerge(ids), "corrected.h5");
        try (HdfFile result = new HdfFile(file)) {
            assertRows(result, "/AstroElementary", new String[] {AE1, AE1}, new int[] {transits.get(0), transits.get(1)});
            assertRows(result, "/CompleteSource", new String[] {CS1}, new int[] {20});
            assertThat((int[]) result.getDatasetByPath("/Provenance/corrected").getData()).containsExactly(0, 0, 1);
            assertThat((String[]) result.getDatasetByPath("/Provenance/id").getData())
                    .containsExactly(ids[0], ids[1], sourceId(source));
            String[] corrections = (String[]) result.getAttribute("corrections").getData();
            assertThat(corrections).hasSize(1);
            assertThat(corrections[0]).contains("added gaia.completesource " + source)
                    .contains(String.valueOf(transit(AE1, transits.get(0))));
        }
    }

    @Test
    void resultIsReadByTheHdf5Tools() throws Exception {
        long source = source(CS1, 40);
        Path file = save(cutmerge(sourceId(source), transitId(transit(AE1, transitRows(AE1, source).get(0)))),
                "tools.h5");
        String ls = run("h5ls", "-r", file.toString());
        assertThat(ls).contains("/CompleteSource/source_id", "/AstroElementary/ac_win_coord",
                "/Provenance/row_index", "/Provenance/did");
        String dump = run("h5dump", file.toString());
        assertThat(dump).contains("ATTRIBUTE \"ucd\"", "ATTRIBUTE \"request\"", String.valueOf(source),
                "H5T_STD_I32LE", "H5T_STD_I64LE", "H5T_IEEE_F64LE");
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void servesARepeatedRequestFromTheS3Cache() throws Exception {
        String[] ids = {sourceId(source(CS1, 100)), sourceId(source(CS1, 101))};
        Response first = cutmerge(ids);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.header("X-Cutmerge-Cache")).isEqualTo("miss");
        // the portal's Messages pane shows the server's steps (W3C Server Timing)
        assertThat(first.header("Server-Timing"))
                .matches("lookup;dur=[0-9.]+;desc=\"[^\"]+\", cache;dur=[0-9.]+;desc=\"result cache looked up\", "
                        + "fetch;dur=[0-9.]+;desc=\"[01] of 1 progenitor files in the local cache\", "
                        + "merge;dur=[0-9.]+;desc=\"2 rows read and merged from 1 files\"");
        String name = first.header("Content-Disposition").replaceAll(".*filename=cutmerge-([0-9a-f]+)\\.h5", "$1");
        assertThat(cachedSize(name)).as("the result, put into the cache after the answer")
                .isEqualTo(first.asByteArray().length);

        Response second = cutmerge(ids);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.header("X-Cutmerge-Cache")).isEqualTo("hit");
        assertThat(second.header("X-Cutmerge-Progenitor")).as("no progenitor read").isNull();
        assertThat(second.header("Server-Timing")).contains("cache;dur=").contains("result found in the cache")
                .doesNotContain("merge;");
        assertThat(second.header("Content-Disposition")).isEqualTo(first.header("Content-Disposition"));
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());

        Response reordered = cutmerge(ids[1], ids[0]);
        assertThat(reordered.header("X-Cutmerge-Cache")).as("the order of the rows differs").isEqualTo("miss");
    }

    /**
     * The size of the cached result {@code name}, waiting up to 20 s for the upload that follows the answer and its
     * row in cutmerge.results (written once the object is stored: only then does a request find it).
     */
    long cachedSize(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (recordedBytes(name) < 0) {
            assertThat(System.nanoTime()).as("result " + name + " recorded in cutmerge.results").isLessThan(deadline);
            Thread.sleep(50);
        }
        long size = minio.statObject(StatObjectArgs.builder().bucket("cutmerge-cache").object(name).build()).size();
        assertThat(recordedBytes(name)).as("bytes recorded in cutmerge.results").isEqualTo(size);
        return size;
    }

    /** The bytes cutmerge.results records for a request hash, or -1. */
    long recordedBytes(String hash) throws Exception {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("SELECT bytes FROM cutmerge.results WHERE request_hash = ? "
                     + "AND bucket = 'cutmerge-cache' AND object_key = ?")) {
            statement.setString(1, hash);
            statement.setString(2, hash);
            try (var rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    @Test
    void aRecordedResultWhoseObjectIsGoneIsBuiltAgain() throws Exception {
        String[] ids = {sourceId(source(CS1, 120)), sourceId(source(CS0, 121))};
        Response first = cutmerge(ids);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        String name = first.header("Content-Disposition").replaceAll(".*filename=cutmerge-([0-9a-f]+)\\.h5", "$1");
        cachedSize(name);
        // e.g. expired by a lifecycle rule of the bucket: the index still names it
        minio.removeObject(RemoveObjectArgs.builder().bucket("cutmerge-cache").object(name).build());

        Response second = cutmerge(ids);
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
        assertThat(second.header("X-Cutmerge-Cache")).isEqualTo("miss");
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        assertThat(cachedSize(name)).as("stored and recorded again").isEqualTo(first.asByteArray().length);
        assertThat(cutmerge(ids).header("X-Cutmerge-Cache")).isEqualTo("hit");
    }

    @Test
    void aNewSelectionOfAProgenitorReadBeforeDoesNotFetchItFromS3Again() throws Exception {
        Response first = cutmerge(sourceId(source(CS1, 3)), sourceId(source(CS1, 77)));
        save(first, "progenitor-first");
        assertThat(first.header("X-Cutmerge-Cache")).isEqualTo("miss");
        // earlier tests (or runs: the cache directory outlives the JVM) may have read this file already
        assertThat(first.header("X-Cutmerge-Progenitor")).isIn("hit", "miss");
        assertThat(first.header("Server-Timing")).contains("fetch;dur=");
        // the only copy in S3 goes away: a GET of it would be a FatalFault (NoSuchKey)
        minio.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(did(CS1).objectKey()).build());
        try {
            int[] rows = {140, 5, 60};
            Response second = cutmerge(sourceId(source(CS1, rows[0])), sourceId(source(CS1, rows[1])),
                    sourceId(source(CS1, rows[2])));
            Path file = save(second, "progenitor-second");
            assertThat(second.header("X-Cutmerge-Cache")).as("a new selection").isEqualTo("miss");
            assertThat(second.header("X-Cutmerge-Progenitor")).isEqualTo("hit");
            assertThat(second.header("Server-Timing")).contains("1 of 1 progenitor files in the local cache");
            try (HdfFile result = new HdfFile(file)) {
                assertRows(result, "/CompleteSource", new String[] {CS1, CS1, CS1}, rows);
            }
        } finally {
            minio.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(did(CS1).objectKey())
                    .filename(CutMergeFixtures.file(CS1).toString()).contentType("application/x-hdf5").build());
        }
    }

    @Test
    void acceptsPostedFormsAndCaseInsensitiveRepeatedIds() throws Exception {
        Response response = given().formParam("id", sourceId(source(CS0, 50))).formParam("ID", sourceId(source(CS0, 51)))
                .formParam("ID", sourceId(source(CS0, 50))).when().post("/cutmerge");
        Path file = save(response, "posted.h5");
        try (HdfFile result = new HdfFile(file)) {
            assertRows(result, "/CompleteSource", new String[] {CS0, CS0}, new int[] {50, 51});
        }
    }

    @Test
    void answersUsageFaultsWith400() {
        assertFault(given().when().get("/cutmerge"), 400, "UsageFault: no ID given");
        assertFault(cutmerge(" "), 400, "UsageFault: no ID given");
        assertFault(cutmerge("3425114819445915650"), 400, "UsageFault: '3425114819445915650' is not an IVOA identifier");
        assertFault(cutmerge("ivo://" + AUTHORITY + "/gaia.completesource"), 400, "UsageFault:");
        assertFault(cutmerge("ivo://" + AUTHORITY + "/gaia.completesource?abc"), 400, "is not an integer");
        assertFault(cutmerge("ivo://" + AUTHORITY + "/gaia?gaia:" + CS0), 400, "UsageFault:");
    }

    @Test
    void answersNotFoundFaultsWith404() {
        assertFault(cutmerge(sourceId(12345)), 404, "NotFoundFault: 1 ID(s) name no row");
        assertFault(cutmerge(sourceId(source(CS0, 1)), sourceId(12345)), 404, sourceId(12345));
        assertFault(cutmerge("ivo://" + AUTHORITY + "/gaia.nosuchtable?1"), 404, "NotFoundFault: ");
        assertFault(cutmerge("ivo://" + AUTHORITY + "/gaia.ghost?1"), 404, "NotFoundFault: ");
        assertFault(cutmerge("ivo://another.authority/gaia.completesource?1"), 404, "NotFoundFault: ");
    }

    @Test
    void answers413AboveTheRowLimit() {
        var request = given();
        for (int i = 0; i < 501; i++) { // %test.cutmerge.max-rows=500
            request = request.formParam("ID", sourceId(1000 + i));
        }
        assertFault(request.when().post("/cutmerge"), 413, "UsageFault: the selection has 501 IDs, more than the 500");
    }

    @Test
    void reportsADamagedProgenitorAsAStorageFault() {
        Response response = cutmerge(sourceId(SOURCE_OF_DAMAGED_FILE));
        assertFault(response, 500, "FatalFault: the progenitor file " + DAMAGED);
        assertThat(response.asString()).contains("checksum", "0123456789abcdef0123456789abcdef", md5(CS0));
    }

    @Test
    void reportsARowItsFileDoesNotHoldAsAFault() {
        assertFault(cutmerge(sourceId(SOURCE_NOT_IN_FILE)), 500, "/CompleteSource/source_id = " + SOURCE_NOT_IN_FILE);
    }

    static void assertFault(Response response, int status, String text) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.asString()).contains(text);
    }
}

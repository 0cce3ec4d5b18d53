package org.astroarchive.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.astroarchive.contracts.ColumnDefinition;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.Replica;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.contracts.Topics;
import org.astroarchive.metadata.repository.StreamedFiles;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.PostgresResource;
import org.astroarchive.testsupport.TestTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Row batches on a real broker become rows of a table created on first sight and registered in TAP_SCHEMA; a file's
 * rows appear together, exactly once, whatever the order and repetition of its records.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(KafkaResource.class)
class RowIngestionTest {

    private static final List<ColumnDefinition> COLUMNS = List.of(
            new ColumnDefinition("star_id", "long", null, null, null, "meta.id;meta.main", null, "id", true, true),
            new ColumnDefinition("ra", "double", null, null, "deg", "pos.eq.ra;meta.main", null, "RA", true, false),
            new ColumnDefinition("dec", "double", null, null, "deg", "pos.eq.dec;meta.main", null, "Dec", true, false),
            new ColumnDefinition("win", "int", "3", null, "pix", null, null, "window", false, false),
            new ColumnDefinition("seen", "char", null, "timestamp", null, "time.epoch", null, "time", false, false),
            new ColumnDefinition("label", "char", null, null, null, null, null, "text", false, false));

    /** Every announced file has a replica on a storage element of its own S3 server. */
    private static final String REMOTE_RSE = "REMOTE_S3";
    private static final String REMOTE_ENDPOINT = "https://s3.rse2.example.org";

    @Inject
    Pool db;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void aFileOfBatchesBecomesRowsOfANewPublishedTableOnce() throws Exception {
        String did = "rt1:stars_000.h5";
        String md5 = "a".repeat(32);
        List<RowBatch> batches = batches("test_rows.stars", did, md5, 25, 10);
        for (RowBatch batch : batches) {
            send(batch);
        }
        announce("test_rows.stars", did, md5, 25, batches.size());
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1", did, 1);

        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", "stars_000.h5")).isEqualTo(25);
        Row row = one("SELECT * FROM test_rows.stars WHERE star_id = 7 AND $1 <> ''", "x");
        assertThat(row.getString("file_name")).isEqualTo("stars_000.h5");
        assertThat(row.getString("file_extension")).isEqualTo("h5");
        assertThat(row.getString("did_scope")).isEqualTo("rt1");
        assertThat(row.getString("did_rse")).isEqualTo("LOCAL_S3");
        assertThat(one("SELECT endpoint FROM archive.replicas WHERE did = $1 AND rse = 'LOCAL_S3'", did).getString(0)).isNull();
        assertThat(one("SELECT endpoint FROM archive.replicas WHERE did = $1 AND rse = '" + REMOTE_RSE + "'", did)
                .getString(0)).isEqualTo(REMOTE_ENDPOINT);
        assertThat(row.getString("checksum")).isEqualTo(md5);
        assertThat(row.getInteger("file_version")).isEqualTo(1);
        assertThat(row.getString("key_name")).isEqualTo("/Stars");
        assertThat(row.getDouble("ra")).isEqualTo(7.5);
        assertThat(row.getArrayOfIntegers("win")).containsExactly(7, 8, 9);
        assertThat(row.getLocalDateTime("seen").toString()).isEqualTo("2015-01-01T00:00:07.500");
        assertThat(row.getString("label")).isEqualTo("tab\there \\ and\nnewline 7");
        assertThat(row.getString("access_url")).isEqualTo(
                "http://localhost:8080/datalink?ID=ivo%3A%2F%2Fastroarchive.example%2Ftest_rows.stars%3F7");
        assertThat(one("SELECT count(*) AS n FROM archive.staged_batches WHERE did = $1", did).getLong("n"))
                .as("staging emptied once published").isZero();

        Row column = one("SELECT * FROM tap_schema.columns WHERE table_name = 'test_rows.stars' AND column_name = $1", "win");
        assertThat(column.getString("datatype")).isEqualTo("int");
        assertThat(column.getString("arraysize")).isEqualTo("3");
        assertThat(column.getInteger("size")).as("TAP 1.1: size agrees with a fixed arraysize").isEqualTo(3);
        assertThat(column.getString("unit")).isEqualTo("pix");
        assertThat(one("SELECT * FROM tap_schema.columns WHERE table_name = 'test_rows.stars' AND column_name = $1", "seen")
                .getString("xtype")).isEqualTo("timestamp");
        assertThat(one("SELECT indexed FROM tap_schema.columns WHERE table_name = 'test_rows.stars' AND column_name = $1", "star_id")
                .getInteger("indexed")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tap_schema.tables WHERE table_name = $1", "test_rows.stars")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE tablename = 'stars' AND indexdef LIKE '%gist%' AND $1 <> ''", "x"))
                .as("a spatial index on the position").isEqualTo(1);

        // the same file again, every record twice: nothing changes
        for (RowBatch batch : batches) {
            send(batch);
            send(batch);
        }
        announce("test_rows.stars", did, md5, 25, batches.size());
        sendMarkerAndAwait("rt1:marker1.h5");
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", "stars_000.h5")).isEqualTo(25);
        assertThat(one("SELECT file_version FROM archive.files WHERE did = $1", did).getInteger("file_version")).isEqualTo(1);
    }

    @Test
    void rowsStayInvisibleUntilTheLastBatchThenAChangedFileReplacesThem() throws Exception {
        String did = "rt2:stars_001.h5";
        List<RowBatch> first = batches("test_rows.stars", did, "b".repeat(32), 30, 10);
        announce("test_rows.stars", did, "b".repeat(32), 30, first.size());
        send(first.get(0));
        send(first.get(1));
        sendMarkerAndAwait("rt2:marker2.h5");
        assertThat(count("SELECT count(*) FROM archive.files WHERE did = $1", did)).as("not published yet").isZero();
        send(first.get(2));
        awaitCount("SELECT count(*) FROM test_rows.stars WHERE did_name = 'stars_001.h5' AND did_scope = $1", "rt2", 30);

        List<RowBatch> second = batches("test_rows.stars", did, "c".repeat(32), 12, 5);
        second.forEach(this::send);
        announce("test_rows.stars", did, "c".repeat(32), 12, second.size());
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1 AND file_version = 2", did, 1);
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", "stars_001.h5")).isEqualTo(12);
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1 AND file_version = 2", "stars_001.h5")).isEqualTo(12);
    }

    @Test
    void aFileWhoseBatchesDisagreeWithItsAnnouncementIsDeadLetteredAndLeavesNoRows() throws Exception {
        String did = "rt3:short.h5";
        String md5 = "d".repeat(32);
        List<RowBatch> batches = batches("test_rows.stars", did, md5, 20, 10);
        batches.forEach(this::send);
        announce("test_rows.stars", did, md5, 21, batches.size());

        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, did, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + did));
        assertThat(json.readTree(letter).get("reason").asText()).contains("announced 21 rows").contains("hold 20");
        assertThat(count("SELECT count(*) FROM archive.files WHERE did = $1", did)).isZero();
        assertThat(count("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did)).isZero();
    }

    @Test
    void aValueThatDoesNotFitItsColumnIsDeadLetteredWithPostgresqlsReason() throws Exception {
        String did = "rt4:bad.h5";
        String md5 = "e".repeat(32);
        List<List<Object>> rows = new ArrayList<>(batches("test_rows.stars", did, md5, 2, 10).get(0).rows());
        List<Object> bad = new ArrayList<>(rows.get(1));
        bad.set(1, "not a number");
        rows.set(1, bad);
        send(new RowBatch(did, md5, "test_rows.stars", 0, 1, 0, names(), rows, null));
        announce("test_rows.stars", did, md5, 2, 1);

        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, did, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + did));
        assertThat(json.readTree(letter).get("reason").asText()).contains("not a number");
        assertThat(count("SELECT count(*) FROM archive.files WHERE did = $1", did)).isZero();
    }

    @Test
    void unreadableRecordsOnEitherTopicAreDeadLetteredAndIngestionGoesOn() throws Exception {
        TestTopics.send(kafka, Topics.INGEST_ROWS_V1, "rt5:garbage.h5", "{not json");
        TestTopics.send(kafka, Topics.INGEST_FILES_V1, "rt5:garbage2.h5", "[1, 2, 3]");
        for (String key : List.of("rt5:garbage.h5", "rt5:garbage2.h5")) {
            String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, key, Duration.ofSeconds(30))
                    .orElseThrow(() -> new AssertionError("no dead letter for " + key));
            assertThat(json.readTree(letter).get("reason").asText()).contains("unreadable record on ingest.");
        }
        sendMarkerAndAwait("rt5:after-garbage.h5");
    }

    @Inject
    org.astroarchive.metadata.service.StagingJanitor janitor;

    @Test
    void aFileVersionLeftIncompleteIsReportedAndDroppedAfterTheRetention() throws Exception {
        String did = "rt6:half.h5";
        String md5 = "9".repeat(32);
        send(batches("test_rows.stars", did, md5, 30, 10).get(0)); // 1 of 3 batches, then the importer "dies"
        awaitCount("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did, 1);
        // make it look old rather than waiting for the 24 h retention
        db.preparedQuery("UPDATE archive.staged_batches SET staged_at = now() - interval '2 days' WHERE did = $1")
                .execute(Tuple.of(did)).await().indefinitely();

        assertThat(janitor.sweep()).extracting(a -> a.did()).contains(did);
        assertThat(count("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did)).isZero();
        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, did, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + did));
        assertThat(json.readTree(letter).get("reason").asText()).contains("abandoned in staging: 1 row batch(es)");
    }

    @Inject
    StreamedFiles streams;

    @Test
    void batchesWithAHeaderAreCopiedAsTheyArriveAndAppearWithTheirAnnouncementThenAChangedFileReplacesThem() throws Exception {
        String did = "rt7:streamed.h5";
        String md5 = "7".repeat(32);
        List<RowBatch> batches = streamedFileOfAnExistingTable(did, md5, 30);
        for (RowBatch batch : List.of(batches.get(0), batches.get(1), batches.get(1), batches.get(2))) { // one twice
            send(batch);
        }
        await(() -> streams.heldBatches() == 3, "the three batches copied into the open file");
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", "streamed.h5")).as("not committed").isZero();
        assertThat(count("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did)).as("not staged").isZero();

        announce("test_rows.stars", did, md5, 30, 3);
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1", did, 1);
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1 AND file_version = 1", "streamed.h5")).isEqualTo(30);
        assertThat(count("SELECT count(DISTINCT star_id) FROM test_rows.stars WHERE did_name = $1", "streamed.h5")).isEqualTo(30);
        assertThat(count("SELECT count(*) FROM archive.pending_files WHERE did = $1", did)).isZero();
        assertThat(streams.openFiles()).isZero();

        String changed = "8".repeat(32);
        List<RowBatch> second = streamedBatches(did, changed, 20, 10);
        second.forEach(this::send);
        announce("test_rows.stars", did, changed, 20, second.size());
        awaitOnlyRowsOf(did, changed, 2, 20);
    }

    @Test
    void aStreamedFileWithAValueThatDoesNotFitIsDeadLetteredLeavesNoRowsAndCanBeSentAgain() throws Exception {
        String did = "rt8:bad-streamed.h5";
        String md5 = "6".repeat(32);
        List<RowBatch> batches = streamedFileOfAnExistingTable(did, md5, 20);
        List<List<Object>> rows = new ArrayList<>(batches.get(1).rows());
        List<Object> bad = new ArrayList<>(rows.get(3));
        bad.set(2, "not a declination");
        rows.set(3, bad);
        RowBatch last = batches.get(1);
        send(batches.get(0));
        send(new RowBatch(did, md5, last.table(), last.batch(), last.batchCount(), last.firstRow(), last.columns(), rows, null));
        announce("test_rows.stars", did, md5, 20, 2);

        String letter = TestTopics.valueForKey(kafka, Topics.INGEST_DEADLETTER_V1, did, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + did));
        assertThat(json.readTree(letter).get("reason").asText()).contains("not a declination");
        await(() -> streams.openFiles() == 0, "the open file closed");
        assertThat(count("SELECT count(*) FROM archive.files WHERE did = $1", did)).isZero();
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", "bad-streamed.h5")).isZero();
        assertThat(count("SELECT count(*) FROM archive.pending_files WHERE did = $1", did)).isZero();

        // sent again (say, once the operator widened the column): batch 0 of its first table starts it afresh
        batches.forEach(this::send);
        announce("test_rows.stars", did, md5, 20, 2);
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1", did, 1);
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", "bad-streamed.h5")).isEqualTo(20);
    }

    @Test
    void anOpenFileLeftIdleMovesToStagingAndIsPublishedFromThereWhenTheRestArrives() throws Exception {
        String did = "rt9:slow.h5";
        String md5 = "5".repeat(32);
        List<RowBatch> batches = streamedFileOfAnExistingTable(did, md5, 30);
        send(batches.get(0));
        // metadata.streaming.idle is 3 s in tests
        awaitCount("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did, 1);
        assertThat(streams.openFiles()).isZero();

        send(batches.get(1));
        send(batches.get(2));
        announce("test_rows.stars", did, md5, 30, 3);
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1", did, 1);
        assertThat(count("SELECT count(DISTINCT star_id) FROM test_rows.stars WHERE did_name = $1", "slow.h5")).isEqualTo(30);
        assertThat(count("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did)).isZero();
    }

    @Test
    void twoVersionsOpenAtOnceEndAsTheLaterOneWhichIsCommittedThroughStaging() throws Exception {
        String did = "rt10:twice.h5";
        List<RowBatch> first = streamedFileOfAnExistingTable(did, "3".repeat(32), 30);
        List<RowBatch> second = streamedBatches(did, "4".repeat(32), 20, 10);
        send(first.get(0));
        send(second.get(0)); // both open as version 1
        await(() -> streams.openFiles() == 2, "both versions open");
        send(first.get(1));
        send(first.get(2));
        announce("test_rows.stars", did, "3".repeat(32), 30, 3);
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1 AND file_version = 1", did, 1);

        send(second.get(1));
        announce("test_rows.stars", did, "4".repeat(32), 20, 2);
        awaitOnlyRowsOf(did, "4".repeat(32), 2, 20);
    }

    /** Until {@code version} of the file is published; then its rows, and only they, are the DID's. */
    private void awaitOnlyRowsOf(String did, String md5, int version, long rows) throws InterruptedException {
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1 AND file_version = " + version, did, 1);
        String name = Did.parse(did).name();
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1", name)).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1 AND checksum = '" + md5
                + "' AND file_version = " + version, name)).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did)).isZero();
    }

    @Test
    void aFileWhoseBatchesOutgrowTheMemoryOfOpenFilesMovesToStaging() throws Exception {
        String did = "rt11:wide.h5";
        String md5 = "2".repeat(32);
        List<RowBatch> batches = new ArrayList<>(streamedFileOfAnExistingTable(did, md5, 30));
        for (int b = 1; b < batches.size(); b++) { // batch 0 is small; the next ones carry 40,000-character labels
            RowBatch batch = batches.get(b);
            List<List<Object>> rows = new ArrayList<>();
            for (List<Object> row : batch.rows()) {
                List<Object> wide = new ArrayList<>(row);
                wide.set(5, "w".repeat(40_000));
                rows.add(wide);
            }
            batches.set(b, new RowBatch(did, md5, batch.table(), batch.batch(), batch.batchCount(), batch.firstRow(),
                    batch.columns(), rows, null));
        }
        send(batches.get(0));
        send(batches.get(1)); // metadata.streaming.max-memory is 256K in tests: this one does not fit
        awaitCount("SELECT count(*) FROM archive.staged_batches WHERE did = $1", did, 2);
        assertThat(streams.openFiles()).isZero();

        send(batches.get(2));
        announce("test_rows.stars", did, md5, 30, 3);
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1", did, 1);
        assertThat(count("SELECT count(*) FROM test_rows.stars WHERE did_name = $1 AND length(label) = 40000", "wide.h5"))
                .isEqualTo(20);
    }

    /** A file of a table that exists by then (a staged one-row file made it), so its batches are streamed. */
    private List<RowBatch> streamedFileOfAnExistingTable(String did, String md5, int rows) throws Exception {
        sendMarkerAndAwait(Did.parse(did).scope() + ":table-exists.h5");
        return streamedBatches(did, md5, rows, 10);
    }

    /** Batches as the importer sends them: the first says what the rows are, so they can be copied as they arrive. */
    private static List<RowBatch> streamedBatches(String did, String md5, int rows, int perBatch) {
        List<RowBatch> batches = new ArrayList<>(batches("test_rows.stars", did, md5, rows, perBatch));
        RowBatch first = batches.get(0);
        batches.set(0, new RowBatch(did, md5, first.table(), 0, first.batchCount(), 0, first.columns(), first.rows(),
                new RowBatch.Header("test-rows", "LOCAL_S3", content("test_rows.stars", rows, first.batchCount()))));
        return batches;
    }

    private static TableContent content(String table, long rows, int batchCount) {
        return new TableContent(table, "Test stars", "/Stars", rows, batchCount, COLUMNS,
                new TableContent.Position("ra", "dec"), "star_id");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<String> names() {
        return COLUMNS.stream().map(ColumnDefinition::name).toList();
    }

    private static List<RowBatch> batches(String table, String did, String md5, int rows, int perBatch) {
        List<RowBatch> batches = new ArrayList<>();
        int count = (rows + perBatch - 1) / perBatch;
        for (int b = 0; b < count; b++) {
            List<List<Object>> values = new ArrayList<>();
            for (int i = b * perBatch; i < Math.min(rows, (b + 1) * perBatch); i++) {
                values.add(java.util.Arrays.asList((long) i, i + 0.5, i % 2 == 0 ? "NaN" : -1.0 * i, new int[] {i, i + 1, i + 2},
                        String.format("2015-01-01T00:00:%02d.500", i % 60), i == 3 ? null : "tab\there \\ and\nnewline " + i));
            }
            batches.add(new RowBatch(did, md5, table, b, count, (long) b * perBatch, names(), values, null));
        }
        return batches;
    }

    private void announce(String table, String did, String md5, long rows, int batchCount) throws Exception {
        TableContent content = content(table, rows, batchCount);
        FileIngested event = new FileIngested(did, "test-rows", table, "LOCAL_S3", "rse-local", Did.parse(did).objectKey(),
                1000, "00000001", md5, "application/x-hdf5", Instant.parse("2026-11-22T12:00:00Z"), Map.of(), List.of(content),
                List.of(new Replica(REMOTE_RSE, "rse-remote", Did.parse(did).objectKey(), REMOTE_ENDPOINT)));
        TestTopics.send(kafka, Topics.INGEST_FILES_V1, did, json.writeValueAsString(event));
    }

    /** A one-row file sent after the records under test: once it is published, they have been consumed. */
    private void sendMarkerAndAwait(String did) throws Exception {
        String md5 = "f".repeat(32);
        send(batches("test_rows.stars", did, md5, 1, 10).get(0));
        announce("test_rows.stars", did, md5, 1, 1);
        awaitCount("SELECT count(*) FROM archive.files WHERE did = $1", did, 1);
    }

    private void send(RowBatch batch) {
        try {
            TestTopics.send(kafka, Topics.INGEST_ROWS_V1, batch.did(), json.writeValueAsString(batch));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Row one(String sql, String parameter) {
        RowSet<Row> rows = db.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely();
        assertThat(rows.size()).as(sql).isEqualTo(1);
        return rows.iterator().next();
    }

    private long count(String sql, String parameter) {
        return one(sql, parameter).getLong(0);
    }

    private void awaitCount(String sql, String parameter, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = count(sql, parameter);
            } catch (RuntimeException tableNotThereYet) {
                last = -1;
            }
            if (last == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + expected + " but found " + last + " within 30 s: " + sql);
    }
}

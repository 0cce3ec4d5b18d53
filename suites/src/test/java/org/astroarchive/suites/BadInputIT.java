package org.astroarchive.suites;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.astroarchive.contracts.Topics;
import org.astroarchive.testsupport.RepoLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, bad input: generated malformed requests to every service (seeded, printed). For each one: an HTTP answer
 * (no reset connection), no 5xx, and a rejection that says what was wrong (4xx or a VOTable error document, with a
 * message that is not a stack trace and names the offending parameter where the probe knows it). Bad files end in
 * quarantine with a dead letter and add no rows. All failures of a category are reported together.
 */
class BadInputIT {

    static final String BAD_SCOPE = "badinput";

    private static SuiteArchive archive;
    private static Map<String, Long> rowsBefore;
    private static final List<Answer> ALL = new ArrayList<>();
    private static long started;

    @BeforeAll
    static void startTheArchive() throws Exception {
        archive = SuiteArchive.get();
        rowsBefore = archive.rowCounts();
        started = System.nanoTime();
        System.out.println("bad-input suite: seed " + SuiteArchive.seed() + " (replay with -Dsuites.seed=" + SuiteArchive.seed()
                + "), " + (SuiteArchive.full() ? "full" : "reduced") + " sample");
    }

    @AfterAll
    static void figures() {
        synchronized (ALL) {
            Report.print("bad input, all categories", ALL, Report.failures(ALL), (System.nanoTime() - started) / 1e9);
        }
    }

    private static int scaled(int reduced) {
        return SuiteArchive.full() ? reduced * 10 : reduced;
    }

    private static BadInputs inputs(String salt) {
        // one generator per category, seeded from the suite's seed and the category: categories stay reproducible alone
        return new BadInputs(SuiteArchive.seed() * 31 + salt.hashCode(), archive);
    }

    private static void check(String suite, List<Answer> answers) {
        synchronized (ALL) {
            ALL.addAll(answers);
        }
        List<Report.Failure> fresh = Report.print(suite, answers, Report.failures(answers), answers.stream().mapToLong(Answer::millis).sum() / 1e3);
        assertThat(fresh).as(() -> Report.describe(fresh)).isEmpty();
    }

    @Test
    void adqlToSyncIsRejectedWithAMessage() throws Exception {
        check("ADQL /tap/sync", Runner.run(inputs("adql-sync").adqlSync(scaled(400)), 3));
    }

    @Test
    void tapParametersAreRejectedWithAMessage() throws Exception {
        check("TAP parameters", Runner.run(inputs("tap-parameters").tapParameters(scaled(120)), 3));
    }

    @Test
    void malformedUploadsAreRejectedWithAMessage() throws Exception {
        check("TAP uploads", Runner.run(inputs("upload").uploads(scaled(80)), 3));
    }

    @Test
    void adqlToAsyncEndsInAnErrorJobOrIsRefused() throws Exception {
        check("ADQL /tap/async", Runner.runWithJobs(inputs("adql-async").adqlAsync(scaled(40))));
    }

    @Test
    void dataLinkIdsAreFaultsWithAMessage() throws Exception {
        check("DataLink IDs", Runner.run(inputs("datalink").dataLinkIds(scaled(120)), 3));
    }

    @Test
    void sodaParametersAreRejectedWithAMessage() throws Exception {
        check("SODA parameters", Runner.run(inputs("soda").soda(scaled(120)), 3));
    }

    @Test
    void cutMergeIdsAreRejectedWithAMessage() throws Exception {
        check("Cut & Merge IDs", Runner.run(inputs("cutmerge").cutMerge(scaled(60)), 3));
    }

    @Test
    void fermiSelectionParametersAreRejectedWithAMessage() throws Exception {
        check("Fermi selection", Runner.run(inputs("fermi").fermi(scaled(60)), 3));
    }

    @Test
    void badFilesAreQuarantinedWithADeadLetterAndAddNoRows() throws Exception {
        Path samples = RepoLayout.root().resolve("importer-service/src/test/resources/samples");
        Map<String, byte[]> originals = Map.of(
                "images", Files.readAllBytes(samples.resolve("fits/1904-66_AZP.fits")),
                "fermi", Files.readAllBytes(samples.resolve("fermi/J0030+0451_w323_ft1weights.fits")),
                "gaia", Files.readAllBytes(firstGaiaFile()));
        BadInputs generator = inputs("importer");
        List<BadInputs.BadFile> files = generator.files(scaled(90), originals);
        List<Probe> probes = files.stream().map(generator::upload).toList();
        List<Answer> answers = new ArrayList<>(Runner.run(probes, 2));

        // every 422 names the quarantine and has a dead letter with a reason
        Map<String, String> deadLetters = deadLetters(Duration.ofSeconds(10));
        List<Answer> checked = new ArrayList<>();
        for (Answer answer : answers) {
            if (answer.status() == 422) {
                String did = BAD_SCOPE + ":" + answer.probe().input().substring(0, answer.probe().input().indexOf(' '));
                String letter = deadLetters.get(did);
                String problem = !answer.body().contains("quarantine") ? "the 422 does not say where the file was kept"
                        : letter == null ? "no dead letter for " + did
                        : !letter.matches("(?s).*\"reason\"\\s*:\\s*\"[^\"]{8,}.*") ? "dead letter without a reason: " + letter : null;
                if (problem != null) {
                    answer = new Answer(answer.probe(), 500, answer.contentType(), problem + " | " + answer.body(), null, answer.millis());
                }
            }
            checked.add(answer);
        }
        // nothing was published: give metadata-service the time it would need to store an accepted file
        Thread.sleep(3000);
        long stored = archive.count("SELECT count(*) FROM archive.files WHERE scope = '" + BAD_SCOPE + "'");
        Map<String, Long> rowsAfter = archive.rowCounts();
        check("importer files", checked); // every accepted file is a failure listed here, with its damage
        assertThat(stored).as("files of bad input stored").isZero();
        assertThat(rowsAfter).as("row counts after the bad files").isEqualTo(rowsBefore);
    }

    private static Path firstGaiaFile() throws Exception {
        Path dir = Files.createTempDirectory("suites-gaia-sample-");
        var report = org.astroarchive.datagen.GaiaGenerator.generate(org.astroarchive.datagen.GaiaGeneratorOptions.of(dir, 50)
                .withSourcesPerFile(50).withSeed(5).withSeedBoxSources(0));
        return report.files().get(0).path();
    }

    /** Every dead letter on the topic so far, by key (the DID). */
    private static Map<String, String> deadLetters(Duration quiet) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + archive.kafka.port(),
                ConsumerConfig.GROUP_ID_CONFIG, "suites-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, String> letters = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.INGEST_DEADLETTER_V1));
            long deadline = System.nanoTime() + quiet.toNanos();
            long lastSeen = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - lastSeen < Duration.ofSeconds(3).toNanos() || letters.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
                    letters.put(record.key(), record.value());
                    lastSeen = System.nanoTime();
                }
            }
        }
        return letters;
    }
}

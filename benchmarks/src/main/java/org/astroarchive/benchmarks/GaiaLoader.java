package org.astroarchive.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;

/**
 * Loads generated CompleteSource files the way an archive gets them: HDF5 files through importer-service, Kafka and
 * metadata-service, which also creates the table, its indexes, its TAP_SCHEMA entry and the files' catalogue and
 * replica rows. Those services and Kafka are stopped afterwards: the measured services do not use them, and they
 * would only take CPU from the measurements. Shared by the TAP and Cut &amp; Merge benchmarks.
 */
final class GaiaLoader {

    static final String LOADER_HEAP = "1g";
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(30);

    private GaiaLoader() {
    }

    /**
     * The load: seconds from the first PUT until every file was queryable, and the peak memory of the ingestion
     * services meanwhile (untimed: the benchmark measures another service afterwards).
     */
    record Loaded(double seconds, Map<String, MemorySampler.Peak> memory) {

        /** One row per ingestion service in a result table (figure, value, baseline, ratio, goal, result). */
        void memoryRows(TextTable results) {
            memory.forEach((service, peak) -> results.row(service + " memory, loading (untimed)", peak.describe(LOADER_HEAP),
                    "-", "-", "-", "-"));
        }
    }

    /**
     * PUTs every file to {@code /api/files/gaia/<name>} and waits until {@code archive.files} has each DID, then checks
     * that {@code gaia.completesource} holds {@code expectedRows}.
     */
    static Loaded load(BenchmarkProcesses processes, HttpClient http, Connection db, LocalComponent postgres,
                       LocalComponent s3, List<WrittenFile> files, long expectedRows, Path logs) throws Exception {
        say("loading through the ingestion services (Kafka, metadata-service, importer-service -Xmx" + LOADER_HEAP + ") ...");
        LocalComponent kafka = processes.component(LocalComponent.Kind.KAFKA);
        // uploads are for archive operators only: the importer checks the operator's credentials with Keycloak
        LocalComponent keycloak = processes.component(LocalComponent.Kind.KEYCLOAK);
        QuarkusApp metadata = processes.service("metadata-service",
                ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)), LOADER_HEAP, logs);
        QuarkusApp importer = processes.service("importer-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka), ArchiveConfig.keycloak(keycloak)), LOADER_HEAP, logs);
        long start = System.nanoTime();
        Set<String> pending = new LinkedHashSet<>();
        Map<String, MemorySampler.Peak> memory;
        try (MemorySampler sampler = new MemorySampler(importer, metadata);
             DeadLetterWatch deadLetters = new DeadLetterWatch("127.0.0.1:" + kafka.port());
             PreparedStatement query = db.prepareStatement("SELECT did FROM archive.files WHERE did = ANY (?)")) {
            sampler.start();
            for (WrittenFile file : files) {
                put(http, importer, file);
                pending.add("gaia:" + file.path().getFileName());
            }
            Set<String> dids = Set.copyOf(pending);
            long deadline = start + LOAD_TIMEOUT.toNanos();
            while (!pending.isEmpty()) {
                query.setArray(1, db.createArrayOf("text", pending.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        pending.remove(rs.getString(1));
                    }
                }
                Optional<String> rejected = deadLetters.poll(dids);
                if (rejected.isPresent()) {
                    throw new IllegalStateException("a file was rejected (" + DeadLetterWatch.TOPIC + "): " + rejected.get());
                }
                for (QuarkusApp service : List.of(importer, metadata)) {
                    if (!service.isAlive()) {
                        throw new IllegalStateException(service.module() + " died:\n" + service.logTail(40));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not queryable after " + LOAD_TIMEOUT + ": " + pending
                            + "\nmetadata-service log:\n" + metadata.logTail(30));
                }
                Thread.sleep(100);
            }
            memory = sampler.peaks();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = Long.parseLong(scalar(db, "SELECT count(*) FROM gaia.completesource"));
        if (rows != expectedRows) {
            throw new IllegalStateException("gaia.completesource holds " + rows + " rows, " + expectedRows + " expected");
        }
        say(String.format(Locale.ROOT, "  %,d rows queryable after %.1f s; stopping the ingestion services and Kafka", rows, seconds));
        processes.stopNow(List.of(importer, metadata, kafka, keycloak));
        return new Loaded(seconds, memory);
    }

    private static void put(HttpClient http, QuarkusApp importer, WrittenFile file) throws IOException, InterruptedException {
        String name = file.path().getFileName().toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(importer.url() + "/api/files/gaia/" + name))
                .header("Content-Type", "application/octet-stream").header("Authorization", Keycloak.operatorBasicHeader())
                .timeout(LOAD_TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofFile(file.path())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("PUT " + name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String scalar(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

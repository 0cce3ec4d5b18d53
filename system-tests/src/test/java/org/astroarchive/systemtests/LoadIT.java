package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load (issue 7): 50 clients, logged in as alice, mix synchronous queries, asynchronous jobs (submit, blocking
 * WAIT, result) and DataLink requests for the links of the rows they got, against one tap-service and one
 * datalink-service: no request may fail. The normal test command runs 20 s; the full form runs 60 s:
 * {@code mvn -o -pl system-tests verify -Dit.test=LoadIT -Dload.seconds=60} (docs/reliability.md).
 */
class LoadIT {

    private static final int CLIENTS = Integer.getInteger("load.clients", 50);
    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("load.seconds", 20));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final String SEED_QUERY = "SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 "
            + "AND delta < 0.40205 AND delta > 0.40185";
    /** A row's access_url: its seed-form selection, or its persistent ID when tap-service could not reach Redis in time. */
    private static final Pattern ACCESS_URL = Pattern.compile("(https?://[^,\"\\s]*/datalink\\?[^,\"\\s]+)");
    private static final Pattern PHASE = Pattern.compile("<uws:phase>([A-Z]+)</uws:phase>");

    private enum Kind { SYNC, ASYNC, DATALINK }

    @TempDir
    Path generated;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final Map<Kind, List<Long>> latencies = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    @Test
    void fiftyClientsMixingSyncAsyncAndDataLinkGetNoErrors() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        LocalComponent redis = SharedComponents.get(LocalComponent.Kind.REDIS);
        List<QuarkusApp> apps = new ArrayList<>();
        try {
            QuarkusApp metadata = start(apps, "metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)));
            QuarkusApp importer = start(apps, "importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres),
                    ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
            QuarkusApp tap = start(apps, "tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                    ArchiveConfig.redis(redis), TapClient.keycloak()));
            QuarkusApp datalink = start(apps, "datalink-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                    ArchiveConfig.s3(s3), ArchiveConfig.redis(redis), TapClient.keycloak(),
                    Map.of("datalink.tap-url", tap.url() + "/tap")));
            // the same files as GaiaToTapIT and DataLinkIT (same options and seed): ingesting them again changes nothing
            GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 3000).withSourcesPerFile(1500));
            for (WrittenFile file : report.files(GaiaTable.COMPLETE_SOURCE)) {
                given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(file.path()))
                        .when().put(importer.url() + "/api/files/gaia/" + file.path().getFileName()).then().statusCode(201);
            }
            TapClient.awaitCount(tap.url(), "gaia.completesource WHERE did_scope = 'gaia'",
                    report.rows(GaiaTable.COMPLETE_SOURCE), Duration.ofSeconds(120));
            metadata.close();
            importer.close();

            long until = System.nanoTime() + DURATION.toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(c);
                running.add(clients.submit(() -> {
                    List<String> links = new ArrayList<>();
                    while (System.nanoTime() < until) {
                        Kind kind = links.isEmpty() ? Kind.SYNC : Kind.values()[random.nextInt(3)];
                        timed(kind, () -> {
                            switch (kind) {
                                case SYNC -> links.addAll(accessUrls(sync(tap)));
                                case ASYNC -> links.addAll(accessUrls(async(tap)));
                                case DATALINK -> datalink(datalink, links.get(random.nextInt(links.size())));
                            }
                        });
                        if (links.size() > 50) {
                            links.subList(0, links.size() - 50).clear();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
            System.out.println(report());
            assertThat(failures).as("failed requests").isEmpty();
            for (Kind kind : Kind.values()) {
                assertThat(latencies.getOrDefault(kind, List.of())).as(kind + " requests").isNotEmpty();
            }
            assertThat(tap.isAlive()).isTrue();
            assertThat(datalink.isAlive()).isTrue();
        } finally {
            Collections.reverse(apps);
            apps.forEach(QuarkusApp::close);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private void timed(Kind kind, Call call) {
        long start = System.nanoTime();
        try {
            call.run();
            latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - start);
        } catch (Exception | AssertionError e) {
            failures.add(kind + ": " + e.getMessage());
        }
    }

    private String sync(QuarkusApp tap) throws Exception {
        return checked(send(post(tap.url() + "/tap/sync", "LANG=ADQL&RESPONSEFORMAT=csv&QUERY=" + encode(SEED_QUERY))), 200, "sync");
    }

    /** Submit with PHASE=RUN, blocking WAIT until the job ends (UWS 1.1 §2.2.3.1), then its result. */
    private String async(QuarkusApp tap) throws Exception {
        HttpResponse<String> created = send(post(tap.url() + "/tap/async", "LANG=ADQL&PHASE=RUN&RESPONSEFORMAT=csv&QUERY=" + encode(SEED_QUERY)));
        checked(created, 303, "async submit");
        String job = created.headers().firstValue("Location").orElseThrow();
        job = tap.url() + job.substring(job.indexOf("/tap/async/"));
        String phase = "QUEUED";
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
        while (!phase.equals("COMPLETED")) {
            if (phase.equals("ERROR") || phase.equals("ABORTED") || System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + " ended " + phase);
            }
            String state = checked(send(get(job + "?WAIT=30&PHASE=" + phase)), 200, "async wait");
            Matcher m = PHASE.matcher(state);
            phase = m.find() ? m.group(1) : "?";
        }
        return checked(send(get(job + "/results/result")), 200, "async result");
    }

    private void datalink(QuarkusApp datalink, String accessUrl) throws Exception {
        String url = datalink.url() + accessUrl.substring(accessUrl.indexOf("/datalink?"));
        String document = checked(send(get(url)), 200, "datalink");
        if (!document.contains("#progenitor") || document.contains("Fault")) {
            // the error row(s) say why (DataLink 1.1 §3.2.3 error_message), past the document's header
            int at = document.indexOf("Fault");
            String why = at >= 0 ? document.substring(Math.max(0, at - 300), Math.min(document.length(), at + 500))
                    : document.substring(Math.max(0, document.indexOf("<TABLEDATA>")));
            throw new AssertionError("datalink " + url + " without its links: " + why);
        }
    }

    private static List<String> accessUrls(String votable) {
        List<String> urls = new ArrayList<>();
        Matcher m = ACCESS_URL.matcher(votable);
        while (m.find()) {
            urls.add(m.group(1));
        }
        if (urls.size() != 5) {
            throw new AssertionError("the seed query gave " + urls.size() + " access URLs instead of 5");
        }
        return urls;
    }

    private HttpRequest post(String url, String form) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Authorization", TapClient.AS_ALICE)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Authorization", TapClient.AS_ALICE)
                .GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String checked(HttpResponse<String> response, int expected, String what) {
        String body = response.body();
        if (response.statusCode() != expected || body.contains("value=\"ERROR\"")) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(400, body.length())));
        }
        return body;
    }

    private String report() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "load: %d clients for %d s, %d failed requests%n",
                CLIENTS, DURATION.toSeconds(), failures.size()));
        for (Kind kind : Kind.values()) {
            List<Long> times = new ArrayList<>(latencies.getOrDefault(kind, List.of()));
            Collections.sort(times);
            if (!times.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  %-8s %6d requests, %6.1f req/s, p50 %7.1f ms, p95 %7.1f ms%n", kind,
                        times.size(), times.size() / (double) DURATION.toSeconds(), times.get(times.size() / 2) / 1e6,
                        times.get((int) (times.size() * 0.95)) / 1e6));
            }
        }
        failures.stream().limit(10).forEach(f -> out.append("  failed: ").append(f).append('\n'));
        return out.toString();
    }

    private static QuarkusApp start(List<QuarkusApp> apps, String module, Map<String, String> config) {
        QuarkusApp app = QuarkusApp.start(module, config);
        apps.add(app);
        return app;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

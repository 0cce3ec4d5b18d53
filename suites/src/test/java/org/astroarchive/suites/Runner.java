package org.astroarchive.suites;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends probes, a few at a time (the services run on the same two cores), and keeps every answer. */
final class Runner {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final Pattern PHASE = Pattern.compile("<uws:phase>(\\w+)</uws:phase>");

    private Runner() {
    }

    static List<Answer> run(List<Probe> probes, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (Probe probe : probes) {
                futures.add(pool.submit(() -> send(probe)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** As {@link #run}; an async job's creation (303) is followed to the job's end (see {@link #followJob}). */
    static List<Answer> runWithJobs(List<Probe> probes) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (Answer answer : run(probes, 3)) {
            answers.add(answer.status() == 303 ? followJob(answer) : answer);
        }
        return answers;
    }

    static Answer send(Probe probe) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = HTTP.send(probe.request(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(probe, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(response.body(), StandardCharsets.UTF_8), null, (System.nanoTime() - start) / 1_000_000,
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            return new Answer(probe, -1, "", null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The job's end: a COMPLETED job is a success, an ERROR job is answered by its error document. */
    static Answer followJob(Answer created) throws Exception {
        if (created.location() == null) {
            return new Answer(created.probe(), 500, "", "303 without Location", null, created.millis());
        }
        String url = created.probe().request().uri().resolve(created.location()).toString();
        String phase = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> document = HTTP.send(withAuth(HttpRequest.newBuilder(URI.create(url + "?WAIT=10")).GET(), created),
                    HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() >= 500) {
                return new Answer(created.probe(), document.statusCode(), "", document.body(), null, created.millis());
            }
            Matcher m = PHASE.matcher(document.body());
            phase = m.find() ? m.group(1) : "?";
            if (List.of("COMPLETED", "ERROR", "ABORTED").contains(phase)) {
                break;
            }
        }
        if (phase.equals("ERROR")) {
            HttpResponse<String> error = HTTP.send(withAuth(HttpRequest.newBuilder(URI.create(url + "/error")).GET(), created),
                    HttpResponse.BodyHandlers.ofString());
            // UWS 1.1 §2.2.3.5: the error document is the job's error summary; a 200 VOTable with QUERY_STATUS=ERROR
            return new Answer(created.probe(), error.statusCode(), error.headers().firstValue("Content-Type").orElse(""),
                    error.body(), null, created.millis());
        }
        if (phase.equals("COMPLETED")) {
            // the result itself, so that what it shows can be checked (UWS 1.1 / TAP 1.1 §2.7.1: results/result)
            HttpResponse<String> result = HTTP.send(withAuth(HttpRequest.newBuilder(URI.create(url + "/results/result")).GET(), created),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(created.probe(), result.statusCode() == 200 ? 200 : 500, result.headers().firstValue("Content-Type").orElse(""),
                    "job COMPLETED: " + result.body(), null, created.millis());
        }
        return new Answer(created.probe(), 500, "", "job ended in phase " + phase, null, created.millis());
    }

    private static HttpRequest withAuth(HttpRequest.Builder builder, Answer created) {
        created.probe().request().headers().firstValue("Authorization").ifPresent(a -> builder.header("Authorization", a));
        return builder.build();
    }

}

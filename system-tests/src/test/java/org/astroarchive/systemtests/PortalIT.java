package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web portal in headless Chromium (Debian's {@code chromium}, driven by Playwright from
 * {@code src/test/browser/portal.test.mjs}) against the gateway in front of the packaged services: the Form
 * reproduces the seed query, the Editor runs ADQL, selected rows are Cut &amp; Merged into an HDF5 download whose
 * rows this test reads back with jHDF. The user logs in through the gateway's OIDC login on Keycloak's own login
 * page, and after logging out sees no private collection; an anonymous visitor never does.
 *
 * <p>The gateway is the archive's public URL (the rows' {@code access_url} and the DataLink links name it, as on
 * the local stack), so its port is chosen before the services start and it is started last on that port.
 */
class PortalIT {

    private static final Path BROWSER_TESTS = RepoLayout.root().resolve("system-tests/src/test/browser");
    private static final Path CHROMIUM = Path.of(System.getProperty("portal.chromium", "/usr/bin/chromium"));
    /** Debian's JSAMP (package jsamp): a real SAMP hub with the Web Profile, and a client that receives tables. */
    private static final Path JSAMP = Path.of(System.getProperty("portal.jsamp", "/usr/share/java/jsamp.jar"));
    private static final String SAMP_RECIPIENT = "Table receiver";

    @TempDir
    static Path generated;

    @TempDir
    static Path out;

    @TempDir
    static Path sampHome;

    private static final List<QuarkusApp> services = new ArrayList<>();
    private static Process gateway;
    private static final List<Process> samp = new ArrayList<>();
    private static Path sampReceiverLog;
    private static Path gatewayLog;
    private static String portalUrl;

    @BeforeAll
    static void startTheArchiveBehindTheGateway() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium is needed (apt-get install chromium; deploy/local/install.sh)").exists();
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        LocalComponent redis = SharedComponents.get(LocalComponent.Kind.REDIS);
        int gatewayPort = LocalComponent.freePort();
        portalUrl = "http://127.0.0.1:" + gatewayPort;
        Map<String, String> publicUrl = Map.of("metadata.public-url", portalUrl, "datalink.public-url", portalUrl);

        QuarkusApp metadata = start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka), publicUrl));
        QuarkusApp importer = start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        QuarkusApp tap = start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), TapClient.keycloak()));
        QuarkusApp cutmerge = start("cutmerge-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                TapClient.keycloak()));
        QuarkusApp datalink = start("datalink-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), TapClient.keycloak(), publicUrl));
        // the browser logs in at the gateway (client archive-portal of the same Keycloak the services check tokens with)
        String issuer = Keycloak.of(SharedComponents.get(LocalComponent.Kind.KEYCLOAK)).issuer();
        gateway = startGateway(gatewayPort, Map.of("gateway.services.metadata", metadata.url(), "gateway.services.importer", importer.url(),
                "gateway.services.tap", tap.url(), "gateway.services.datalink", datalink.url(), "gateway.services.cutmerge", cutmerge.url(),
                "archive.oidc.url", issuer));

        // the files of GaiaToTapIT and DataLinkIT (same options and seed): ingesting them again changes nothing
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 3000).withSourcesPerFile(1500));
        for (WrittenFile file : report.files()) {
            given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(file.path()))
                    .when().put(portalUrl + "/api/files/gaia/" + file.path().getFileName())
                    .then().statusCode(201);
        }
        TapClient.awaitCount(tap.url(), "gaia.astroelementary WHERE did_scope = 'gaia'", report.rows(GaiaTable.ASTRO_ELEMENTARY), Duration.ofSeconds(120));
        TapClient.awaitCount(tap.url(), "gaia.completesource WHERE did_scope = 'gaia'", report.rows(GaiaTable.COMPLETE_SOURCE), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopTheArchive() {
        if (gateway != null) {
            gateway.destroy();
            try {
                if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Process process : samp) {
            process.destroyForcibly();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }

    @Test
    void aUserSearchesSelectsAndCutsAndMergesRowsInTheBrowser() throws Exception {
        installPlaywright();
        startSampHubAndReceiver();
        Path screenshots = Path.of(System.getProperty("portal.screenshots", out.toString()));
        Files.createDirectories(screenshots);
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-concurrency=1", "--test-reporter=spec", "portal.test.mjs")
                .directory(BROWSER_TESTS.toFile()).redirectErrorStream(true);
        // Gaia is private: the browser logs in as alice on Keycloak's login page (the gateway's OIDC login)
        node.environment().putAll(Map.of("PORTAL_URL", portalUrl + "/", "OUT_DIR", screenshots.toString(), "CHROMIUM", CHROMIUM.toString(),
                "SAMP_RECIPIENT", SAMP_RECIPIENT, "PORTAL_USER", Keycloak.ALICE, "PORTAL_PASSWORD", Keycloak.ALICE_PASSWORD));
        Process run = node.start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(150, TimeUnit.SECONDS)).as("the browser test finished").isTrue();
        System.out.println(output);
        assertThat(run.exitValue()).as(output + "\ngateway log:\n" + tail(gatewayLog)).isZero();

        JsonNode facts = new ObjectMapper().readTree(screenshots.resolve("facts.json").toFile());
        // the file the browser downloaded holds exactly the two selected sources, in the order selected
        assertThat(sourceIds(Path.of(facts.get("cutmergeFile").asText()))).containsExactly(longs(facts.get("selectedSources")));
        assertThat(sourceIds(Path.of(facts.get("basketFile").asText()))).containsExactly(longs(facts.get("basketSources")));
        assertThat(facts.get("transits").asInt()).isPositive();
        // and h5ls (HDF5's own tools) reads it too
        Process h5ls = new ProcessBuilder("h5ls", "-r", facts.get("cutmergeFile").asText()).redirectErrorStream(true).start();
        String listing = new String(h5ls.getInputStream().readAllBytes());
        assertThat(h5ls.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(listing).contains("/CompleteSource/source_id").contains("Dataset {2}").contains("/Provenance");

        // SAMP: the VO tool got table.load.votable with a URL it can load: the 5 seed rows as a VOTable
        String received = Files.readString(sampReceiverLog);
        Matcher url = Pattern.compile("\"url\": \"([^\"]+)\"").matcher(received);
        assertThat(received).contains("table.load.votable");
        assertThat(url.find()).as(received).isTrue();
        // (a private table: the VO tool loads it as alice too; TOPCAT asks for the credentials on the 401 challenge)
        HttpResponse<byte[]> votable = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url.group(1)))
                .header("Authorization", TapClient.AS_ALICE).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(votable.statusCode()).isEqualTo(200);
        assertThat(TapClient.parse(votable.body()).getRowCount()).isEqualTo(5);
    }

    /**
     * A JSAMP hub (Standard and Web Profiles, Web Profile registrations accepted without a dialog) and a JSAMP
     * client subscribed to table.load.votable that prints what it receives; ready when a Web Profile client sees
     * the receiver subscribed. The Web Profile port is fixed by SAMP 1.3 §5.1: 21012.
     */
    private static void startSampHubAndReceiver() throws Exception {
        assertThat(JSAMP).as("Debian's jsamp is needed (apt-get install jsamp; deploy/local/install.sh)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        samp.add(new ProcessBuilder(java, "-Duser.home=" + sampHome, "-cp", JSAMP.toString(), "org.astrogrid.samp.hub.Hub",
                "-mode", "no-gui", "-profiles", "std,web", "-web:auth", "true")
                .redirectErrorStream(true).redirectOutput(sampHome.resolve("hub.log").toFile()).start());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(sampHome.resolve(".samp")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(sampHome.resolve(".samp")).as(Files.readString(sampHome.resolve("hub.log"))).exists();
        sampReceiverLog = sampHome.resolve("receiver.log");
        samp.add(new ProcessBuilder(java, "-Duser.home=" + sampHome, "-cp", JSAMP.toString(), "org.astrogrid.samp.test.Snooper",
                "-clientname", SAMP_RECIPIENT, "-mtype", "table.load.votable")
                .redirectErrorStream(true).redirectOutput(sampReceiverLog.toFile()).start());
        String key = null;
        while (System.nanoTime() < deadline) {
            try {
                if (key == null) {
                    Matcher found = Pattern.compile("wk:[^<]+").matcher(sampCall("register",
                            "<param><value><struct><member><name>samp.name</name><value>PortalIT</value></member></struct></value></param>"));
                    key = found.find() ? found.group() : null;
                }
                if (key != null && sampCall("getSubscribedClients", "<param><value>" + key + "</value></param>"
                        + "<param><value>table.load.votable</value></param>").contains("<member>")) {
                    sampCall("unregister", "<param><value>" + key + "</value></param>");
                    return;
                }
            } catch (IOException e) {
                // the hub is not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the SAMP receiver did not subscribe within 30 s:\n" + Files.readString(sampReceiverLog));
    }

    private static String sampCall(String method, String params) throws Exception {
        String body = "<?xml version=\"1.0\"?><methodCall><methodName>samp.webhub." + method + "</methodName><params>" + params
                + "</params></methodCall>";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:21012/"))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long[] sourceIds(Path file) {
        try (HdfFile hdf = new HdfFile(file)) {
            return (long[]) hdf.getDatasetByPath("/CompleteSource/source_id").getData();
        }
    }

    private static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Long.parseLong(array.get(i).asText());
        }
        return values;
    }

    /** playwright-core from package-lock.json (it brings no browser: Debian's chromium is used). */
    private static void installPlaywright() throws Exception {
        if (Files.exists(BROWSER_TESTS.resolve("node_modules/playwright-core/package.json"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(BROWSER_TESTS.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes());
        assertThat(npm.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(npm.exitValue()).as(output).isZero();
    }

    private static QuarkusApp start(String module, Map<String, String> config) {
        QuarkusApp app = QuarkusApp.start(module, config);
        services.add(app);
        return app;
    }

    /** The packaged gateway on a port chosen in advance (QuarkusApp picks its own), ready when /q/health/ready is. */
    private static Process startGateway(int port, Map<String, String> config) throws Exception {
        Path jar = RepoLayout.serviceJar("portal-gateway");
        assertThat(jar).as("package portal-gateway first (mvn package)").exists();
        List<String> command = new ArrayList<>(Arrays.asList(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.log.console.json.enabled=false"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        gatewayLog = Files.createTempFile("portal-gateway-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(gatewayLog.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("portal-gateway exited:\n" + tail(gatewayLog)).isTrue();
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("portal-gateway not ready within 90 s:\n" + tail(gatewayLog));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }
}

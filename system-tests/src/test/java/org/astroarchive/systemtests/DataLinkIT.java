package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.systemtests.TapClient.columnIndex;
import static org.astroarchive.systemtests.TapClient.parse;

import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;
import org.astroarchive.datagen.GaiaTable;
import org.astroarchive.datagen.GenerationReport;
import org.astroarchive.datagen.WrittenFile;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.QuarkusApp;
import org.astroarchive.testsupport.RepoLayout;
import org.astroarchive.testsupport.SharedComponents;
import org.astroarchive.testsupport.Validators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.starlink.table.StarTable;

/**
 * The Spoke 3 workflow through the packaged services: the seed query's rows carry an {@code access_url}; their
 * DataLink document links the progenitor file (a presigned URL whose bytes have the row's checksum) and the
 * source's transits (a TAP query), whose own {@code access_url}s link back to the source.
 *
 * <p>The rows' URLs start with the public URL (the gateway, which does not route /datalink yet), so the test
 * replaces that prefix with the DataLink service's own address.
 */
class DataLinkIT {

    private static final String SEED_QUERY = "SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 "
            + "AND delta < 0.40205 AND delta > 0.40185";

    private static final Path AZP = RepoLayout.root().resolve("importer-service/src/test/resources/samples/fits/1904-66_AZP.fits");

    @TempDir
    static Path generated;

    private static QuarkusApp metadata;
    private static QuarkusApp importer;
    private static QuarkusApp tap;
    private static QuarkusApp datalink;
    private static QuarkusApp cutmerge;

    @BeforeAll
    static void startTheArchiveAndIngestGaiaFiles() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        LocalComponent kafka = SharedComponents.get(LocalComponent.Kind.KAFKA);
        LocalComponent s3 = SharedComponents.get(LocalComponent.Kind.S3);
        LocalComponent redis = SharedComponents.get(LocalComponent.Kind.REDIS);
        metadata = QuarkusApp.start("metadata-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.kafka(kafka)));
        importer = QuarkusApp.start("importer-service", ArchiveConfig.merge(TapClient.keycloak(), ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3), ArchiveConfig.kafka(kafka)));
        tap = QuarkusApp.start("tap-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                ArchiveConfig.redis(redis), TapClient.keycloak()));
        cutmerge = QuarkusApp.start("cutmerge-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres), ArchiveConfig.s3(s3),
                TapClient.keycloak()));
        datalink = QuarkusApp.start("datalink-service", ArchiveConfig.merge(ArchiveConfig.postgres(postgres),
                ArchiveConfig.s3(s3), ArchiveConfig.redis(redis), TapClient.keycloak(), Map.of("datalink.tap-url", tap.url() + "/tap",
                        "datalink.cutmerge-url", cutmerge.url() + "/cutmerge", "datalink.preview-url", cutmerge.url() + "/preview")));
        // the same files as GaiaToTapIT (same options, same seed): ingesting them twice changes nothing
        GenerationReport report = GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 3000).withSourcesPerFile(1500));
        for (WrittenFile file : report.files()) {
            given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(file.path()))
                    .when().put(importer.url() + "/api/files/gaia/" + file.path().getFileName())
                    .then().statusCode(201);
        }
        awaitCount("gaia.astroelementary WHERE did_scope = 'gaia'", report.rows(GaiaTable.ASTRO_ELEMENTARY), Duration.ofSeconds(120));
        awaitCount("gaia.completesource WHERE did_scope = 'gaia'", report.rows(GaiaTable.COMPLETE_SOURCE), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopTheArchive() {
        for (QuarkusApp app : new QuarkusApp[] {datalink, cutmerge, tap, importer, metadata}) {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void aSeedRowLinksToItsProgenitorAndItsTransitsWhichLinkBack() throws Exception {
        StarTable seed = query(SEED_QUERY);
        assertThat(seed.getRowCount()).isEqualTo(5);
        Map<String, Integer> columns = columnIndex(seed);
        long sourceId = ((Number) seed.getCell(0, columns.get("source_id"))).longValue();
        String checksum = (String) seed.getCell(0, columns.get("checksum"));
        String accessUrl = (String) seed.getCell(0, columns.get("access_url"));
        // the reference's seed form: a selection of this row, given to this result's client, resolved through Redis
        assertThat(accessUrl).matches(".*/datalink\\?id=[0-9a-f-]{36}&clientId=[0-9a-f-]{36}");
        String links = direct(accessUrl);

        StarTable table = fetchLinks(links);
        Map<String, Object[]> bySemantics = bySemantics(table);
        assertThat(bySemantics).containsOnlyKeys("#this", "#progenitor", "#counterpart", "#proc");

        Object[] progenitor = bySemantics.get("#progenitor");
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create((String) progenitor[1])).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat((long) file.body().length).isEqualTo(progenitor[7]);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file.body()))).isEqualTo(checksum);
        assertThat(new String(file.body(), 1, 3)).isEqualTo("HDF");

        // #this: Cut & Merge of the row, an HDF5 file of one source with the progenitor's datasets (issue 5)
        Object[] cut = bySemantics.get("#this");
        assertThat(cut[6]).isEqualTo("application/x-hdf5");
        HttpResponse<byte[]> merged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create((String) cut[1]))
                .header("Authorization", TapClient.AS_ALICE).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(merged.statusCode()).as(new String(merged.body())).isEqualTo(200);
        java.nio.file.Path mergedFile = Files.createTempFile("cutmerge-", ".h5");
        Files.write(mergedFile, merged.body());
        try (io.jhdf.HdfFile hdf = new io.jhdf.HdfFile(mergedFile)) {
            long[] ids = (long[]) hdf.getDatasetByPath("/CompleteSource/source_id").getData();
            assertThat(ids).containsExactly(sourceId);
            assertThat(hdf.getDatasetByPath("/CompleteSource/alpha").getDimensions()).containsExactly(1);
        }
        try (io.jhdf.HdfFile progenitorHdf = new io.jhdf.HdfFile(java.nio.file.Files.write(
                Files.createTempFile("progenitor-", ".h5"), file.body()))) {
            assertThat(progenitorHdf.getDatasetByPath("/CompleteSource/source_id").getDimensions()[0])
                    .as("the progenitor has many more rows").isGreaterThan(1);
        }

        // #counterpart is a TAP query answered by the TAP service: the source's transits, each with its access_url
        Object[] counterpart = bySemantics.get("#counterpart");
        Response transits = given().header("Authorization", TapClient.AS_ALICE).urlEncodingEnabled(false)
                .when().get((String) counterpart[1]);
        assertThat(transits.statusCode()).as(transits.asString()).isEqualTo(200);
        StarTable transitTable = parse(transits.asByteArray());
        assertThat(transitTable.getRowCount()).isPositive();
        Map<String, Integer> transitColumns = columnIndex(transitTable);
        assertThat(((Number) transitTable.getCell(0, transitColumns.get("source_id"))).longValue()).isEqualTo(sourceId);

        // and a transit's DataLink document leads back to the source
        Map<String, Object[]> transitLinks = bySemantics(fetchLinks(direct((String) transitTable.getCell(0,
                transitColumns.get("access_url")))));
        assertThat(transitLinks).containsKeys("#progenitor", "#counterpart");
        assertThat((String) transitLinks.get("#counterpart")[1]).endsWith("gaia.completesource%3F" + sourceId);

        // Debian's stilts 3.4.7 cannot log in: it reads through a proxy that adds alice's credentials
        String report;
        try (AuthenticatingProxy proxy = AuthenticatingProxy.start(datalink.url(), TapClient.AS_ALICE)) {
            report = Validators.stilts("datalinklint", "votable=" + proxy.url() + links.substring(datalink.url().length()),
                    "report=EWF", "maxrepeat=3");
        }
        // stilts 3.4.7's built-in vocabulary predates #counterpart: its E-SMCO is tolerated (issue 5)
        assertThat(report).as(report).contains("Totals: Errors: 1; Warnings: 0;").contains("Failures: 0")
                .contains("E-SMCO-1 Unknown predicate 'counterpart'");
    }

    @Test
    void pyvoReadsTheLinksOfASeedRow() throws Exception {
        StarTable seed = query(SEED_QUERY);
        String links = direct((String) seed.getCell(0, columnIndex(seed).get("access_url")));
        String script = """
                import sys
                import requests
                from pyvo.dal.adhoc import DatalinkResults
                session = requests.Session()
                session.auth = ("alice", "alice-password")   # HTTP Basic, checked against Keycloak
                links = DatalinkResults.from_result_url(sys.argv[1], session=session)
                print(sorted(str(link.semantics) for link in links))
                """;
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, links).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        // the three links, and the Cut & Merge service descriptor (#proc)
        assertThat(output).isEqualTo("['#counterpart', '#proc', '#progenitor', '#this']");
    }

    @Test
    void theResultsServiceDescriptorGetsEveryRowsLinksInOneRequest() throws Exception {
        Response result = given().header("Authorization", TapClient.AS_ALICE).formParam("LANG", "ADQL")
                .formParam("QUERY", SEED_QUERY).post(tap.url() + "/tap/sync");
        assertThat(result.statusCode()).isEqualTo(200);
        // DataLink 1.1 §4.1 descriptor: the DataLink endpoint, fed with the access_url column (what pyvo's
        // iter_datalinks and TOPCAT do with it)
        assertThat(result.asString()).contains("utype=\"adhoc:service\"").contains("ref=\"access_url\"");
        StarTable seed = parse(result.asByteArray());
        var request = given().header("Authorization", TapClient.AS_ALICE);
        for (long row = 0; row < seed.getRowCount(); row++) {
            request = request.formParam("ID", seed.getCell(row, columnIndex(seed).get("access_url")));
        }
        Response links = request.post(datalink.url() + "/datalink");
        assertThat(links.statusCode()).as(links.asString()).isEqualTo(200);
        StarTable table = parse(links.asByteArray());
        Map<String, java.util.Set<String>> semanticsById = new HashMap<>();
        for (long r = 0; r < table.getRowCount(); r++) {
            Object[] row = table.getRow(r);
            assertThat(row[3]).as("error_message").isNull();
            semanticsById.computeIfAbsent((String) row[0], id -> new java.util.TreeSet<>()).add((String) row[4]);
        }
        assertThat(semanticsById).hasSize(5);
        assertThat(semanticsById.values()).allSatisfy(s -> assertThat(s).containsExactly("#counterpart", "#proc", "#progenitor", "#this"));
    }

    /**
     * Fault suite (issue 7): Redis is flushed while clients read their rows' links. Every answer stays a DataLink
     * document (no 5xx); selections lost with Redis get a NotFoundFault that says how to get fresh links, and a query
     * run after the flush gets links that resolve.
     */
    @Test
    void flushingRedisWhileSelectionsAreInUseGivesAClearFaultAndFreshLinksAfterwards() throws Exception {
        StarTable seed = query(SEED_QUERY);
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (long row = 0; row < seed.getRowCount(); row++) {
            urls.add(direct((String) seed.getCell(row, columnIndex(seed).get("access_url"))));
        }
        java.util.concurrent.atomic.AtomicBoolean flushed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> unexpected = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        int[] resolvedAndFaulted = new int[2];
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<?> reading = reader.submit(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                for (String url : urls) {
                    boolean afterFlush = flushed.get();
                    Response response = given().header("Authorization", TapClient.AS_ALICE).urlEncodingEnabled(false)
                            .when().get(url);
                    if (response.statusCode() != 200) {
                        unexpected.add(response.statusCode() + " " + response.asString());
                        continue;
                    }
                    StarTable links = parse(response.asByteArray());
                    String error = (String) links.getCell(0, 3);
                    if (error == null && !afterFlush) {
                        resolvedAndFaulted[0]++;
                    } else if (error != null && error.startsWith("NotFoundFault")
                            && error.contains("unknown or has expired") && error.contains("run the query again")) {
                        resolvedAndFaulted[1]++;
                    } else if (error != null || afterFlush) {
                        unexpected.add((afterFlush ? "after" : "before") + " the flush: " + error);
                    }
                }
            }
            return null;
        });
        Thread.sleep(2000);
        LocalComponent redis = SharedComponents.get(LocalComponent.Kind.REDIS);
        Process flush = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redis.port()), "FLUSHALL")
                .redirectErrorStream(true).start();
        assertThat(flush.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(flush.getInputStream().readAllBytes()).trim()).isEqualTo("OK");
        flushed.set(true);
        reading.get();
        reader.shutdown();

        System.out.printf("Redis flushed while reading links: %d resolved before, %d NotFoundFaults after, %d other answers%n",
                resolvedAndFaulted[0], resolvedAndFaulted[1], unexpected.size());
        assertThat(unexpected).as("answers other than the links or a clear NotFoundFault").isEmpty();
        assertThat(resolvedAndFaulted[0]).as("links resolved before the flush").isPositive();
        assertThat(resolvedAndFaulted[1]).as("NotFoundFaults after the flush").isPositive();
        StarTable fresh = query(SEED_QUERY);
        assertThat(bySemantics(fetchLinks(direct((String) fresh.getCell(0, columnIndex(fresh).get("access_url"))))))
                .containsOnlyKeys("#this", "#progenitor", "#counterpart", "#proc");
    }

    @Test
    void anImagesPreviewLinkAnswersAPngOfTheImage() throws Exception {
        // issue 5: a FITS image ingested through the importer gets a DataLink #preview made by cutmerge-service
        given().header("Authorization", TapClient.AS_OPERATOR).contentType("application/octet-stream").body(Files.readAllBytes(AZP))
                .when().put(importer.url() + "/api/files/images/1904-66_AZP.fits").then().statusCode(201);
        awaitCount("ivoa.obscore WHERE obs_id = '1904-66_AZP.fits'", 1, Duration.ofSeconds(60));
        StarTable dataset = query("SELECT access_url FROM ivoa.obscore WHERE obs_id = '1904-66_AZP.fits'");
        Map<String, Object[]> links = bySemantics(fetchLinks(direct((String) dataset.getCell(0, 0))));
        assertThat(links).containsOnlyKeys("#this", "#preview", "#cutout");

        Object[] preview = links.get("#preview");
        assertThat(preview[5]).isEqualTo("Preview (PNG, up to 512 px)");
        assertThat(preview[6]).isEqualTo("image/png");
        HttpResponse<byte[]> png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create((String) preview[1]))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).as(new String(png.body())).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isEqualTo(192);
        assertThat(image.getHeight()).isEqualTo(192);
    }

    /** The row's access_url with the public prefix replaced by the DataLink service's address. */
    private static String direct(String accessUrl) {
        return datalink.url() + accessUrl.substring(accessUrl.indexOf("/datalink?"));
    }

    private static StarTable fetchLinks(String url) throws Exception {
        Response response = given().header("Authorization", TapClient.AS_ALICE).urlEncodingEnabled(false).when().get(url);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).contains("content=datalink");
        return parse(response.asByteArray());
    }

    private static Map<String, Object[]> bySemantics(StarTable links) throws Exception {
        Map<String, Object[]> rows = new HashMap<>();
        for (long r = 0; r < links.getRowCount(); r++) {
            Object[] row = links.getRow(r);
            assertThat(row[3]).as("error_message of " + java.util.Arrays.toString(row)).isNull();
            rows.put((String) row[4], row);
        }
        return rows;
    }

    private static void awaitCount(String table, long expected, Duration timeout) throws Exception {
        TapClient.awaitCount(tap.url(), table, expected, timeout);
    }

    private static StarTable query(String adql) throws Exception {
        return TapClient.query(tap.url(), adql);
    }
}

package org.astroarchive.datalink.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.datalink.DataLinkFixtures.*;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.astroarchive.datalink.DataLinkFixtures;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(S3Resource.class)
class DataLinkResourceTest {

    private static final List<String> DATALINK_1_1_COLUMNS = List.of("ID", "access_url", "service_def", "error_message",
            "semantics", "description", "content_type", "content_length", "content_qualifier", "local_semantics",
            "link_auth", "link_authorized");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        DataLinkFixtures.load(dataSource, minio);
    }

    /** A links row by column name. */
    record Row(Map<String, Object> cells) {
        Object get(String column) {
            return cells.get(column);
        }

        String text(String column) {
            return (String) cells.get(column);
        }
    }

    static List<Row> rows(StarTable table) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (long r = 0; r < table.getRowCount(); r++) {
            Map<String, Object> cells = new java.util.HashMap<>();
            for (int c = 0; c < table.getColumnCount(); c++) {
                cells.put(table.getColumnInfo(c).getName(), table.getCell(r, c));
            }
            rows.add(new Row(cells));
        }
        return rows;
    }

    static List<Row> links(String... ids) throws Exception {
        var request = given();
        for (String id : ids) {
            request = request.queryParam("ID", id);
        }
        Response response = request.when().get("/datalink");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualToIgnoringWhitespace("application/x-votable+xml;content=datalink");
        return rows(parse(response.asByteArray()));
    }

    static Row only(List<Row> rows, String semantics) {
        List<Row> matching = rows.stream().filter(r -> semantics.equals(r.text("semantics"))).toList();
        assertThat(matching).as("rows with semantics " + semantics).hasSize(1);
        return matching.get(0);
    }

    @Test
    void servesEveryDataLink11ColumnWithItsTypeAndUcdInOrder() {
        Response response = given().queryParam("ID", sourceId(SOURCE_A)).when().get("/datalink");
        StarTable table = parse(response.asByteArray());
        List<String> names = new ArrayList<>();
        for (int c = 0; c < table.getColumnCount(); c++) {
            names.add(table.getColumnInfo(c).getName());
        }
        assertThat(names).containsExactlyElementsOf(DATALINK_1_1_COLUMNS);
        assertThat(table.getColumnInfo(0).getUCD()).isEqualTo("meta.id;meta.main");
        assertThat(table.getColumnInfo(1).getUCD()).isEqualTo("meta.ref.url");
        assertThat(table.getColumnInfo(7).getContentClass()).isEqualTo(Long.class);
        assertThat(table.getColumnInfo(7).getUnitString()).isEqualTo("byte");
        assertThat(table.getColumnInfo(11).getContentClass()).isEqualTo(Boolean.class);
        // DataLink 1.1: TABLEDATA unless asked otherwise
        assertThat(response.asString()).contains("<TABLEDATA>").contains("ivo://ivoa.net/std/DataLink#links-1.1");
    }

    @Test
    void linksASourceToItsCutMergeItsProgenitorAndItsTransits() throws Exception {
        List<Row> rows = links(sourceId(SOURCE_A));
        assertThat(rows).extracting(r -> r.text("semantics")).containsExactly("#this", "#progenitor", "#counterpart", "#proc");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.text("ID")).isEqualTo(sourceId(SOURCE_A));
            assertThat(r.get("error_message")).isNull();
            assertThat(r.get("link_auth")).isEqualTo("false");
            assertThat(r.get("link_authorized")).isEqualTo(Boolean.TRUE);
        });

        Row cutmerge = only(rows, "#this");
        assertThat(cutmerge.text("description")).isEqualTo("Cut & Merge (extracted from the progenitor dataset)");
        assertThat(cutmerge.text("content_type")).isEqualTo("application/x-hdf5");
        assertThat(cutmerge.text("access_url")).isEqualTo(PUBLIC_URL + "/cutmerge?ID=" + encode(sourceId(SOURCE_A)));

        Row progenitor = only(rows, "#progenitor");
        assertThat(progenitor.text("description")).isEqualTo("Original progenitor dataset");
        assertThat(progenitor.text("content_type")).isEqualTo("application/x-hdf5");
        assertThat(progenitor.get("content_length")).isEqualTo((long) GAIA_BYTES.length);
        assertThat(progenitor.text("access_url")).contains(BUCKET + "/" + GAIA_FILE.objectKey())
                .contains("X-Amz-Signature=").contains("X-Amz-Expires=900");

        Row counterpart = only(rows, "#counterpart");
        assertThat(counterpart.text("description")).isEqualTo("Link to Astroelementary entries");
        assertThat(counterpart.text("content_type")).isEqualTo("application/x-votable+xml");
        String url = counterpart.text("access_url");
        assertThat(url).startsWith(PUBLIC_URL + "/tap/sync?REQUEST=doQuery&LANG=ADQL&QUERY=");
        String query = URLDecoder.decode(url.substring(url.indexOf("QUERY=") + 6), StandardCharsets.UTF_8);
        assertThat(query).isEqualTo("SELECT * FROM gaia.astroelementary WHERE source_id = " + SOURCE_A);
        // the same query on the database finds the source's two transits, which carry their own DataLink URLs
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT access_url FROM gaia.astroelementary WHERE source_id = ? ORDER BY transit_id")) {
            select.setLong(1, SOURCE_A);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(PUBLIC_URL + "/datalink?ID=" + encode(transitId(TRANSIT_A1)));
                assertThat(rs.next()).isTrue();
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void progenitorUrlDownloadsTheExactBytesWhoseMd5IsTheCataloguedOne() throws Exception {
        Row progenitor = only(links(sourceId(SOURCE_B)), "#progenitor");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(progenitor.text("access_url"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(GAIA_BYTES);
        assertThat((long) download.body().length).isEqualTo(progenitor.get("content_length"));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT md5 FROM archive.files WHERE did = ?")) {
            select.setString(1, GAIA_FILE.toString());
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(md5(download.body())).isEqualTo(rs.getString(1));
            }
        }
    }

    @Test
    void linksATransitToItsFileAndBackToItsSource() throws Exception {
        List<Row> rows = links(transitId(TRANSIT_B1));
        assertThat(rows).extracting(r -> r.text("semantics")).containsExactly("#this", "#progenitor", "#counterpart", "#proc");
        assertThat(only(rows, "#progenitor").text("access_url")).contains(GAIA_FILE.objectKey());
        Row source = only(rows, "#counterpart");
        assertThat(source.text("content_type")).isEqualTo("application/x-votable+xml;content=datalink");
        assertThat(source.text("access_url")).isEqualTo(PUBLIC_URL + "/datalink?ID=" + encode(sourceId(SOURCE_B)));

        // following it (here, without the gateway) gives the source's links: the workflow repeats
        String path = source.text("access_url").substring(PUBLIC_URL.length());
        Response followed = given().urlEncodingEnabled(false).when().get(path);
        assertThat(rows(parse(followed.asByteArray()))).extracting(r -> r.text("ID")).containsOnly(sourceId(SOURCE_B));
    }

    @Test
    void aTransitWithoutIngestedSourceHasNoCounterpart() throws Exception {
        assertThat(links(transitId(TRANSIT_ORPHAN))).extracting(r -> r.text("semantics"))
                .containsExactly("#this", "#progenitor", "#proc");
    }

    /** The service descriptor RESOURCE that {@code row}'s service_def names, in the links document of {@code id}. */
    private static String descriptor(String id, Row row) {
        String document = given().queryParam("ID", id).when().get("/datalink").asString();
        String resource = document.substring(document.indexOf("ID=\"" + row.text("service_def") + "\""));
        return resource.substring(0, resource.indexOf("</RESOURCE>"));
    }

    @Test
    void aRowsCutMergeServiceDescriptorGivesItsIdForOtherRowsToBeAdded() throws Exception {
        Row proc = only(links(sourceId(SOURCE_A)), "#proc");
        assertThat(proc.get("access_url")).isNull();
        assertThat(proc.text("description")).startsWith("Cut & Merge service");
        // DataLink 1.1 §4: the descriptor names the endpoint and its one parameter, ID, set to this row
        assertThat(descriptor(sourceId(SOURCE_A), proc))
                .contains("name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"" + PUBLIC_URL + "/cutmerge\"")
                .doesNotContain("standardID")
                .contains("<PARAM name=\"ID\" datatype=\"char\" arraysize=\"*\" ucd=\"meta.id;meta.main\" value=\""
                        + sourceId(SOURCE_A) + "\"");
    }

    @Test
    void aDatasetIdLinksToItsFileItsPreviewAndItsSodaCutouts() throws Exception {
        List<Row> rows = links(imageId());
        Row file = only(rows, "#this");
        assertThat(rows).extracting(r -> r.text("semantics")).containsExactly("#this", "#preview", "#cutout");
        // DataLink 1.1 §3.2: #preview, a PNG of the image made by cutmerge-service (fetched in system-tests' DataLinkIT)
        Row preview = only(rows, "#preview");
        assertThat(preview.text("access_url")).isEqualTo(PUBLIC_URL + "/preview?ID=" + encode(imageId()));
        assertThat(preview.text("content_type")).isEqualTo("image/png");
        assertThat(preview.text("description")).isEqualTo("Preview (PNG, up to 512 px)");
        assertThat(preview.get("service_def")).isNull();
        assertThat(preview.text("link_auth")).isEqualTo("false");
        // DataLink 1.1 §4: the cutout link names a service descriptor, which fixes ID and gives the coverage (SODA §4.3)
        Row cutout = only(rows, "#cutout");
        assertThat(cutout.get("access_url")).isNull();
        String descriptor = cutout.text("service_def");
        String document = given().queryParam("ID", imageId()).when().get("/datalink").asString();
        assertThat(document).contains("<RESOURCE type=\"meta\" utype=\"adhoc:service\" ID=\"" + descriptor + "\">")
                .contains("value=\"ivo://ivoa.net/std/SODA#sync-1.0\"")
                .contains("name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"" + PUBLIC_URL + "/soda\"")
                .contains("<PARAM name=\"ID\" datatype=\"char\" arraysize=\"*\" ucd=\"meta.ref.url;meta.curation\" value=\""
                        + imageId() + "\">")
                .contains("<MAX value=\"150 2.2 0.25\"/>");
        assertThat(file.text("content_type")).isEqualTo("application/fits");
        assertThat(file.get("content_length")).isEqualTo((long) IMAGE_BYTES.length);
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(file.text("access_url"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.body()).isEqualTo(IMAGE_BYTES);
    }

    @Test
    void aPhotonFileLinksToItsEventSelectionWithTheFilesRanges() throws Exception {
        List<Row> rows = links(datasetId(PHOTON_FILE));
        assertThat(rows).extracting(r -> r.text("semantics")).containsExactly("#this", "#proc");
        // W3C Server Timing, for the portal's Messages pane
        assertThat(given().queryParam("ID", datasetId(PHOTON_FILE)).when().get("/datalink").header("Server-Timing"))
                .matches("links;dur=[0-9.]+;desc=\"2 links of 1 IDs\"");
        Row selection = only(rows, "#proc");
        assertThat(selection.get("access_url")).isNull();
        assertThat(selection.text("description")).contains("Event selection");
        // DataLink 1.1 §4: the descriptor fixes ID and gives the file's energy and time ranges, so a client builds a form
        assertThat(descriptor(datasetId(PHOTON_FILE), selection))
                .contains("name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"" + PUBLIC_URL + "/fermi/select\"")
                .doesNotContain("standardID") // no IVOA standard for it (§4.1: optional)
                .contains("value=\"" + datasetId(PHOTON_FILE) + "\"")
                .contains("<PARAM name=\"EMIN\" datatype=\"double\" arraysize=\"*\" ucd=\"em.energy;stat.min\" unit=\"MeV\" value=\"\">")
                .contains("<MIN value=\"100.25\"/><MAX value=\"250000\"/>")
                .contains("<PARAM name=\"TMAX\" datatype=\"double\" arraysize=\"*\" ucd=\"time.end\" unit=\"s\" value=\"\">")
                .contains("<MIN value=\"239557417.5\"/><MAX value=\"239700000.3\"/>")
                .contains("<PARAM name=\"ZMAX\"").contains("<PARAM name=\"RADIUS\"");
        // a spacecraft (FT2) file has no events to select
        assertThat(links(datasetId(SPACECRAFT_FILE))).extracting(r -> r.text("semantics")).containsExactly("#this");
    }

    @Test
    void theObscoreAccessUrlAnswers() throws Exception {
        String accessUrl;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT access_url FROM ivoa.obscore WHERE obs_publisher_did = ?")) {
            select.setString(1, imageId());
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                accessUrl = rs.getString(1);
            }
        }
        Response response = given().urlEncodingEnabled(false).when().get(accessUrl.substring(PUBLIC_URL.length()));
        assertThat(rows(parse(response.asByteArray()))).extracting(r -> r.text("semantics")).containsExactly("#this", "#preview", "#cutout");
    }

    @Test
    void answersSeveralIdsInTheirOrderWithAFaultRowForEachUnknownOne() throws Exception {
        String unknownSource = sourceId(1L);
        String otherAuthority = "ivo://elsewhere.example/gaia.completesource?" + SOURCE_A;
        List<Row> rows = links(transitId(TRANSIT_A1), unknownSource, sourceId(SOURCE_A), otherAuthority, imageId());
        assertThat(rows).extracting(r -> r.text("ID")).containsExactly(
                transitId(TRANSIT_A1), transitId(TRANSIT_A1), transitId(TRANSIT_A1), transitId(TRANSIT_A1),
                unknownSource,
                sourceId(SOURCE_A), sourceId(SOURCE_A), sourceId(SOURCE_A), sourceId(SOURCE_A),
                otherAuthority,
                imageId(), imageId(), imageId());
        assertThat(rows.get(4).text("error_message")).startsWith("NotFoundFault:").contains("source_id = 1");
        assertThat(rows.get(4).get("access_url")).isNull();
        assertThat(rows.get(4).text("semantics")).isEqualTo("#this");
        assertThat(rows.get(9).text("error_message")).startsWith("NotFoundFault:").contains("astroarchive.test");
    }

    @Test
    void acceptsIdsPostedAsAFormAndNamesInAnyCase() throws Exception {
        Response response = given().formParam("id", sourceId(SOURCE_A)).formParam("ID", imageId())
                .formParam("ResponseFormat", "application/x-votable+xml;content=datalink")
                .when().post("/datalink");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(rows(parse(response.asByteArray()))).extracting(r -> r.text("ID")).containsExactly(
                sourceId(SOURCE_A), sourceId(SOURCE_A), sourceId(SOURCE_A), sourceId(SOURCE_A), imageId(), imageId(), imageId());
    }

    @Test
    void unreadableIdsAreUsageFaultRows() throws Exception {
        String garbage = "not an <identifier> & \u0001";
        String noKey = "ivo://" + AUTHORITY + "/gaia.completesource";
        String letters = sourceId(0).replace("?0", "?abc");
        String badDid = "ivo://" + AUTHORITY + "/images?no-colon";
        List<Row> rows = links(garbage, noKey, letters, badDid);
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> assertThat(r.text("error_message")).startsWith("UsageFault:"));
        assertThat(rows.get(0).text("ID")).isEqualTo("not an <identifier> & \uFFFD");
        assertThat(rows.get(2).text("error_message")).contains("integer");
    }

    @Test
    void aDataLinkUrlWithABrokenPercentEscapeIsAUsageFaultRowNotA500() throws Exception {
        // found by suites/BadInputIT: URLDecoder's IllegalArgumentException ended the request in a 500
        List<Row> rows = links("http://localhost/datalink?id=412b2e71-342f-4c2d-aede-e35abd6dab52&clientId=x%");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).text("error_message")).startsWith("UsageFault:").contains("percent-encoded");
    }

    @Test
    void idsOfTablesAndFilesNotIngestedYetAreNotFoundFaults() throws Exception {
        List<Row> rows = links("ivo://" + AUTHORITY + "/gaia.crossmatch?1", "ivo://" + AUTHORITY + "/gaia.ghost?1",
                "ivo://" + AUTHORITY + "/fermi.photon?7", "ivo://" + AUTHORITY + "/images?images:missing.fits");
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> assertThat(r.text("error_message")).startsWith("NotFoundFault:"));
    }

    @Test
    void aRowWhoseFileIsNotCataloguedHasAProgenitorFaultRow() throws Exception {
        Row progenitor = only(links(sourceId(SOURCE_WITHOUT_REPLICA)), "#progenitor");
        assertThat(progenitor.get("access_url")).isNull();
        assertThat(progenitor.text("error_message")).startsWith("NotFoundFault:").contains("gaia:lost.h5");
    }

    @Test
    void withoutIdAnswers400WithAVotableErrorDocument() {
        for (Response response : List.of(given().when().get("/datalink"),
                given().queryParam("ID", " ").when().get("/datalink"),
                given().formParam("RESPONSEFORMAT", "votable").when().post("/datalink"))) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/x-votable+xml");
            assertThat(response.asString()).contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">UsageFault: no ID given");
        }
    }

    @Test
    void honoursTheVotableResponseFormatsAndRefusesOthers() {
        given().queryParam("ID", imageId()).queryParam("RESPONSEFORMAT", "votable").when().get("/datalink")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.equalTo("application/x-votable+xml"));
        given().queryParam("ID", imageId()).queryParam("RESPONSEFORMAT", "application/x-votable+xml; content=datalink")
                .when().get("/datalink")
                .then().statusCode(200).contentType(containsString("content=datalink"));
        given().queryParam("ID", imageId()).queryParam("RESPONSEFORMAT", "text/csv").when().get("/datalink")
                .then().statusCode(400).body(containsString("UsageFault: RESPONSEFORMAT 'text/csv' is not offered"));
    }

    @Test
    void refusesMoreIdsThanTheLimit() {
        var request = given();
        for (int i = 0; i <= 100; i++) {
            request = request.formParam("ID", sourceId(i));
        }
        request.when().post("/datalink").then().statusCode(400).body(containsString("at most 100"));
    }
}

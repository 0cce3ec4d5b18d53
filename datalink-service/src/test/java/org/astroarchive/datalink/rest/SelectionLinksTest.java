package org.astroarchive.datalink.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.datalink.DataLinkFixtures.*;
import static org.astroarchive.datalink.rest.DataLinkResourceTest.only;
import static org.astroarchive.datalink.rest.DataLinkResourceTest.rows;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.datalink.DataLinkFixtures;
import org.astroarchive.datalink.rest.DataLinkResourceTest.Row;
import org.astroarchive.datalink.selection.SelectionStore;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed-form IDs (id=&lt;selection&gt;&amp;clientId=&lt;client&gt;), selections of several rows, and row URLs as IDs. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(S3Resource.class)
class SelectionLinksTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @Inject
    RedisDataSource redis;

    @Inject
    SelectionStore selections;

    @BeforeEach
    void loadFixtures() throws Exception {
        DataLinkFixtures.load(dataSource, minio);
    }

    /** What tap-service writes for a result whose second row is {@code persistentId}, given to {@code client}. */
    private UUID selectRow(UUID client, String persistentId) {
        UUID result = Selections.newResult();
        redis.hash(String.class).hset(Selections.CLIENT_KEY + client, Selections.chunkField(result, 0),
                Selections.encodeChunk(List.of(sourceId(SOURCE_B) + "0", persistentId, "ivo://elsewhere/t?1")));
        return Selections.resultRow(result, 1);
    }

    /** A row given on its own (and what tap-service wrote before chunks) is a field of its own. */
    @Test
    void aSingleRowSelectionIsFound() {
        UUID client = UUID.randomUUID();
        UUID selection = Selections.ofRow(sourceId(SOURCE_A));
        redis.hash(String.class).hset(Selections.CLIENT_KEY + client, selection.toString(), sourceId(SOURCE_A));
        assertThat(selections.rows(selection, Optional.of(client))).contains(List.of(sourceId(SOURCE_A)));
        assertThat(selections.rows(Selections.resultRow(Selections.newResult(), 0), Optional.of(client))).isEmpty();
    }

    private static List<Row> links(String id, UUID client) throws Exception {
        byte[] body = given().queryParam("id", id).queryParam("clientId", client.toString())
                .when().get("/datalink").then().statusCode(200).extract().asByteArray();
        return rows(parse(body));
    }

    /**
     * As under load (system-tests' LoadIT, 50 clients): many requests reading their selection at once all find it. The
     * Redis client's default pool (6 connections, 24 waiting) failed the others at once, answered as TransientFault.
     */
    @Test
    void manyRequestsAtOnceAllFindTheirSelection() throws Exception {
        UUID client = UUID.randomUUID();
        UUID selection = selectRow(client, sourceId(SOURCE_A));
        int requests = 120;
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<List<String>>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return selections.rows(selection, Optional.of(client));
                }));
            }
            start.countDown();
            for (Future<Optional<List<String>>> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).contains(List.of(sourceId(SOURCE_A)));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aSeedFormIdHasTheLinksOfItsRowUnderItsOwnId() throws Exception {
        UUID client = UUID.randomUUID();
        UUID selection = selectRow(client, sourceId(SOURCE_A));

        List<Row> rows = links(selection.toString(), client);
        assertThat(rows).extracting(r -> r.text("semantics")).containsExactly("#this", "#progenitor", "#counterpart", "#proc");
        // DataLink 1.1 §3.2: the ID column repeats the ID exactly as asked
        assertThat(rows).allSatisfy(r -> assertThat(r.text("ID")).isEqualTo(selection.toString()));
        assertThat(only(rows, "#this").text("access_url")).contains("/cutmerge?ID=").contains(String.valueOf(SOURCE_A));
        assertThat(only(rows, "#progenitor").get("content_length")).isEqualTo((long) GAIA_BYTES.length);
    }

    @Test
    void theRowsAccessUrlItselfIsAcceptedAsId() throws Exception {
        UUID client = UUID.randomUUID();
        UUID selection = selectRow(client, sourceId(SOURCE_B));
        String accessUrl = Selections.url(PUBLIC_URL + "/datalink", selection, client);
        String persistentUrl = PUBLIC_URL + "/datalink?ID=" + encode(sourceId(SOURCE_A));

        byte[] body = given().formParam("ID", accessUrl).formParam("ID", persistentUrl)
                .when().post("/datalink").then().statusCode(200).extract().asByteArray();
        List<Row> rows = rows(parse(body));
        assertThat(rows.stream().filter(r -> r.text("ID").equals(accessUrl))).extracting(r -> r.text("semantics"))
                .containsExactly("#this", "#progenitor", "#counterpart", "#proc");
        assertThat(rows.stream().filter(r -> r.text("ID").equals(persistentUrl))).extracting(r -> r.text("semantics"))
                .containsExactly("#this", "#progenitor", "#counterpart", "#proc");
    }

    @Test
    void anUnknownOrForeignSelectionIsANotFoundRowNeverAnError() throws Exception {
        UUID client = UUID.randomUUID();
        UUID selection = selectRow(client, sourceId(SOURCE_A));

        Row unknown = links(UUID.randomUUID().toString(), client).get(0);
        assertThat(unknown.text("error_message")).startsWith("NotFoundFault: selection").contains("run the query again");
        // another client's selection is not found under this one
        Row foreign = links(selection.toString(), UUID.randomUUID()).get(0);
        assertThat(foreign.text("error_message")).startsWith("NotFoundFault:");
        // without clientId the hint says why
        byte[] body = given().queryParam("ID", selection.toString()).when().get("/datalink").then().statusCode(200)
                .extract().asByteArray();
        assertThat(rows(parse(body)).get(0).text("error_message")).contains("none was given");
    }

    @Test
    void aClientIdThatIsNoUuidIsAUsageFault() {
        given().queryParam("ID", sourceId(SOURCE_A)).queryParam("clientId", "laptop")
                .when().get("/datalink")
                .then().statusCode(400).body(containsString("UsageFault: clientId=laptop is not a UUID"));
    }

    @Test
    void aSelectionOfSeveralRowsOffersOneCutMergeOfThemAll() throws Exception {
        UUID client = UUID.randomUUID();
        UUID seed = selectRow(client, sourceId(SOURCE_B));
        // rows as the portal has them: one seed-form access_url and one persistent ID
        JsonPath created = given().formParam("ID", Selections.url(PUBLIC_URL + "/datalink", seed, client))
                .formParam("ID", sourceId(SOURCE_A))
                .when().post("/datalink/selections")
                .then().statusCode(201).extract().jsonPath();
        assertThat(created.getInt("rows")).isEqualTo(2);
        String id = created.getString("id");
        assertThat(created.getString("links")).isEqualTo(PUBLIC_URL + "/datalink?ID=" + id);

        byte[] body = given().queryParam("ID", id).when().get("/datalink").then().statusCode(200).extract().asByteArray();
        List<Row> rows = rows(parse(body));
        String cutMerge = only(rows, "#this").text("access_url");
        assertThat(cutMerge).contains("ID=" + encode(sourceId(SOURCE_B))).contains("ID=" + encode(sourceId(SOURCE_A)));
        // both sources come from one file: its progenitor link once; each source's transits
        assertThat(rows.stream().filter(r -> r.text("semantics").equals("#progenitor"))).hasSize(1);
        assertThat(rows.stream().filter(r -> r.text("semantics").equals("#counterpart"))).hasSize(2);
        // no per-row Cut & Merge descriptors: #this merges them all
        assertThat(rows.stream().filter(r -> r.text("semantics").equals("#proc"))).isEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r.text("ID")).isEqualTo(id));
    }

    @Test
    void aSelectionOfUnusableIdsIsRefusedWithEveryReason() {
        given().formParam("ID", "not-an-id").formParam("ID", UUID.randomUUID().toString())
                .formParam("ID", sourceId(SOURCE_A))
                .when().post("/datalink/selections")
                .then().statusCode(400)
                .body("error", containsString("2 of the IDs cannot be selected"))
                .body("problems[0]", containsString("not-an-id: UsageFault"))
                .body("problems[1]", containsString("NotFoundFault: selection"));
        given().when().post("/datalink/selections").then().statusCode(400).body("error", containsString("no ID given"));
    }
}

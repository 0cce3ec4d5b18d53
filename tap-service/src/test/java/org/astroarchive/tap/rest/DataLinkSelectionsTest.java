package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.astroarchive.contracts.catalogue.Selections;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.tap.datalink.ResultSelections;
import org.astroarchive.tap.datalink.SelectionRegistry;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Validators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

/** The seed-form access_url (datalink?id=&lt;selection&gt;&amp;clientId=&lt;client&gt;) and the DataLink service descriptor. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class DataLinkSelectionsTest {

    private static final String DATALINK = "http://localhost:8080/datalink";
    private static final String QUERY = "SELECT obs_id, access_url FROM ivoa.obscore WHERE obs_collection = 'dlsel' ORDER BY obs_id";

    @Inject
    DataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    SelectionRegistry registry;

    @BeforeEach
    void rows() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // as metadata-service writes them: the persistent ID URL-encoded in the access_url
            for (String name : List.of("one", "two", "three")) {
                statement.execute("INSERT INTO ivoa.obscore (dataproduct_type, calib_level, obs_collection, obs_id, "
                        + "obs_publisher_did, access_url, access_format) VALUES ('image', 2, 'dlsel', '" + name + "', "
                        + "'ivo://test/dlsel?c:" + name + "', '" + DATALINK + "?ID=ivo%3A%2F%2Ftest%2Fdlsel%3Fc%3A" + name
                        + "', 'application/x-votable+xml;content=datalink') ON CONFLICT (obs_publisher_did) DO NOTHING");
            }
        }
    }

    @Test
    void rowsGetSeedFormUrlsWhoseSelectionsAreInRedis() {
        UUID client = UUID.randomUUID();
        StarTable table = TapFixtures.parseVotable(given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY)
                .queryParam("clientId", client.toString())
                .when().get("/tap/sync").then().statusCode(200).extract().asByteArray());

        assertThat(table.getRowCount()).isEqualTo(3);
        for (int row = 0; row < 3; row++) {
            String name = (String) cell(table, row, 0);
            String url = (String) cell(table, row, 1);
            String persistentId = "ivo://test/dlsel?c:" + name;
            UUID selection = UUID.fromString(Selections.parameter(url, "id").orElseThrow());
            assertThat(url).isEqualTo(DATALINK + "?id=" + selection + "&clientId=" + client);
            // what the DataLink service will read to resolve it
            assertThat(resolve(client.toString(), selection)).as(url).contains(persistentId);
        }
        long ttl = redis.key().ttl(Selections.CLIENT_KEY + client);
        assertThat(ttl).as("the client's selections expire (tap.selection-ttl)").isBetween(1L, 7 * 86400L);
    }

    @Test
    void withoutClientIdEachResultIsItsOwnClient() {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String csv = given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY).queryParam("RESPONSEFORMAT", "csv")
                    .when().get("/tap/sync").then().statusCode(200).extract().asString();
            String firstUrl = csv.lines().skip(1).findFirst().orElseThrow().split(",")[1];
            clients.add(Selections.parameter(firstUrl, "clientId").orElseThrow());
            UUID selection = UUID.fromString(Selections.parameter(firstUrl, "id").orElseThrow());
            assertThat(resolve(clients.get(i), selection)).contains("ivo://test/dlsel?c:one");
        }
        assertThat(clients.get(0)).isNotEqualTo(clients.get(1));
    }

    /**
     * As under load (system-tests' LoadIT, 50 clients): many results finishing at once each store their selections.
     * The Redis client's pool let only 6 commands run and 24 wait by default and failed the others at once, so rows
     * got seed-form links that DataLink then answered with NotFoundFault.
     */
    @Test
    void manyResultsFinishingAtOnceAllStoreTheirSelections() throws Exception {
        int results = 120;
        String url = DATALINK + "?ID=ivo%3A%2F%2Ftest%2Fdlsel%3Fc%3Aone";
        List<UUID> clients = new ArrayList<>();
        Map<UUID, String> seeds = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < results; i++) {
            clients.add(UUID.randomUUID());
        }
        ExecutorService threads = Executors.newFixedThreadPool(results);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (UUID client : clients) {
                done.add(threads.submit(() -> {
                    ResultSelections selections = registry.forClient(client);
                    start.await();
                    seeds.put(client, selections.accessUrl(url));
                    selections.finish();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : done) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<UUID> missing = clients.stream().filter(client -> resolve(client.toString(),
                UUID.fromString(Selections.parameter(seeds.get(client), "id").orElseThrow())).isEmpty()).toList();
        assertThat(missing).as("clients whose selection was not stored").isEmpty();
    }

    /** What the DataLink service reads to resolve a seed-form URL (datalink-service's SelectionStore). */
    private java.util.Optional<String> resolve(String client, UUID selection) {
        return Selections.persistentId(selection,
                redis.hash(String.class).hget(Selections.CLIENT_KEY + client, Selections.field(selection)));
    }

    @Test
    void theResultDescribesTheDataLinkServiceForClients() throws Exception {
        byte[] body = given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY).queryParam("RESPONSEFORMAT", "votable/td")
                .when().get("/tap/sync").then().statusCode(200).extract().asByteArray();
        String text = new String(body);
        // DataLink 1.1 §4.1: the descriptor names the endpoint and feeds it the access_url column
        assertThat(text).contains("<FIELD ID=\"access_url\"")
                .contains("<RESOURCE type=\"meta\" utype=\"adhoc:service\"")
                .contains("value=\"ivo://ivoa.net/std/DataLink#links-1.1\"")
                .contains("name=\"accessURL\" datatype=\"char\" arraysize=\"*\" value=\"" + DATALINK + "\"")
                .contains("<PARAM name=\"ID\" datatype=\"char\" arraysize=\"*\" value=\"\" ucd=\"meta.id\" ref=\"access_url\"/>");
        Path file = Files.createTempFile("dlsel-", ".vot");
        Files.write(file, body);
        assertThat(Validators.votlint(file)).doesNotContain("ERROR");
    }

    @Test
    void resultsWithoutDataLinkColumnsHaveNoDescriptor() {
        String text = given().queryParam("LANG", "ADQL").queryParam("QUERY", "SELECT obs_id FROM ivoa.obscore")
                .when().get("/tap/sync").then().statusCode(200).extract().asString();
        assertThat(text).doesNotContain("adhoc:service");
    }

    @Test
    void aClientIdThatIsNoUuidIsAUsageError() {
        given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY).queryParam("clientId", "my-laptop")
                .when().get("/tap/sync")
                .then().statusCode(400).body(containsString("clientId=my-laptop is not a UUID"));
    }

    private static Object cell(StarTable table, long row, int column) {
        try {
            return table.getCell(row, column);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

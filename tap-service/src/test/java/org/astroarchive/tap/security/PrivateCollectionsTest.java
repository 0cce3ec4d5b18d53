package org.astroarchive.tap.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Uws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

/**
 * Issue 6: Gaia is private (group gaia, archive.collection_access), enforced by the TAP service itself for every way
 * in, against a real Keycloak: anonymous callers and bob (no group) get nothing of it, alice (group gaia) all of it,
 * by bearer token (pyvo) or HTTP Basic (TOPCAT).
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class PrivateCollectionsTest {

    private static final String PRIVATE = "SELECT source_id FROM gaia.privtest ORDER BY source_id";
    private static final String UPLOAD = """
            <?xml version="1.0"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
              <RESOURCE><TABLE>
                <FIELD name="id" datatype="long"/>
                <DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA>
              </TABLE></RESOURCE>
            </VOTABLE>
            """;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void privateTable() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // as metadata-service registers a table of the private gaia collection
            sql.execute("CREATE SCHEMA IF NOT EXISTS gaia");
            sql.execute("CREATE TABLE IF NOT EXISTS gaia.privtest (source_id bigint)");
            sql.execute("INSERT INTO gaia.privtest SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM gaia.privtest)");
            sql.execute("INSERT INTO gaia.privtest SELECT 2 WHERE (SELECT count(*) FROM gaia.privtest) = 1");
            sql.execute("INSERT INTO tap_schema.schemas (schema_name, description) VALUES ('gaia', 'Gaia') ON CONFLICT DO NOTHING");
            sql.execute("INSERT INTO tap_schema.tables (schema_name, table_name, table_type, description) "
                    + "VALUES ('gaia', 'gaia.privtest', 'table', 'private rows') ON CONFLICT DO NOTHING");
            sql.execute("INSERT INTO tap_schema.columns (table_name, column_name, datatype, principal, indexed, std) "
                    + "SELECT 'gaia.privtest', 'source_id', 'long', 1, 0, 0 WHERE NOT EXISTS "
                    + "(SELECT 1 FROM tap_schema.columns WHERE table_name = 'gaia.privtest')");
        }
        // the service re-reads TAP_SCHEMA every few seconds: wait until the table is published for its members, so
        // that the refusals below are refusals and not a table not seen yet
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (as(Keycloak.ALICE).when().get("/tap/tables/gaia.privtest").statusCode() != 200) {
            assertThat(System.nanoTime()).as("gaia.privtest published within 20 s").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static RequestSpecification as(String user) {
        RequestSpecification request = given();
        return switch (user) {
            case "anonymous" -> request;
            case "alice-basic" -> request.header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD));
            case Keycloak.ALICE -> request.auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD));
            case Keycloak.BOB -> request.auth().oauth2(Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD));
            default -> throw new IllegalArgumentException(user);
        };
    }

    private static Response sync(String user, String adql) {
        return as(user).formParam("LANG", "ADQL").formParam("QUERY", adql).when().post("/tap/sync");
    }

    private static List<String> column(Response response) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        StarTable table = TapFixtures.parseVotable(response.asByteArray());
        List<String> values = new java.util.ArrayList<>();
        for (long row = 0; row < table.getRowCount(); row++) {
            values.add(String.valueOf(table.getCell(row, 0)));
        }
        return values;
    }

    @Test
    void withoutTheGroupGaiaDoesNotExist() throws Exception {
        for (String user : List.of("anonymous", Keycloak.BOB)) {
            sync(user, PRIVATE).then().statusCode(400)
                    .body(containsString("table 'gaia.privtest' does not exist or is not published"))
                    .body(org.hamcrest.Matchers.not(containsString("gaia.privtest,")));
            assertThat(column(sync(user, "SELECT table_name FROM TAP_SCHEMA.tables"))).as(user)
                    .contains("ivoa.obscore").noneMatch(name -> name.startsWith("gaia."));
            assertThat(column(sync(user, "SELECT schema_name FROM tap_schema.schemas"))).doesNotContain("gaia");
            assertThat(column(sync(user, "SELECT table_name FROM TAP_SCHEMA.columns"))).noneMatch(name -> name.startsWith("gaia."));
            as(user).when().get("/tap/tables").then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("gaia")));
            as(user).when().get("/tap/tables/gaia.privtest").then().statusCode(404);
            // an upload joined with it is refused the same way
            as(user).multiPart("LANG", "ADQL").multiPart("UPLOAD", "ids,param:t")
                    .multiPart("QUERY", "SELECT g.source_id FROM TAP_UPLOAD.ids AS u JOIN gaia.privtest AS g ON g.source_id = u.id")
                    .multiPart("t", "ids.vot", UPLOAD.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml")
                    .when().post("/tap/sync").then().statusCode(400).body(containsString("does not exist or is not published"));
        }
    }

    @Test
    void membersOfTheGroupSeeItByTokenOrByBasic() throws Exception {
        assertThat(column(sync(Keycloak.ALICE, PRIVATE))).containsExactly("1", "2");
        assertThat(column(sync("alice-basic", PRIVATE))).containsExactly("1", "2");
        assertThat(column(sync(Keycloak.ALICE, "SELECT table_name FROM TAP_SCHEMA.tables"))).contains("gaia.privtest");
        as(Keycloak.ALICE).when().get("/tap/tables/gaia.privtest").then().statusCode(200);
    }

    @Test
    void wrongCredentialsAreChallenged() {
        Response response = given().header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, "wrong"))
                .formParam("LANG", "ADQL").formParam("QUERY", "SELECT TOP 1 * FROM ivoa.obscore").when().post("/tap/sync");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().getValues("WWW-Authenticate")).anyMatch(h -> h.startsWith("Basic"));
    }

    @Test
    void theCapabilitiesTellClientsHowToLogIn() {
        Response response = given().when().get("/tap/capabilities");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().getValues("WWW-Authenticate"))
                .contains("Basic realm=\"archive\"", "Bearer realm=\"archive\"");
        assertThat(response.asString()).contains("<securityMethod/>")
                .contains("<securityMethod standardID=\"ivo://ivoa.net/sso#BasicAA\"/>");
    }

    @Test
    void asyncJobsRunWithTheirOwnersRightsAndBelongToThem() throws Exception {
        String alicesJob = submit(Keycloak.ALICE, PRIVATE);
        String bobsJob = submit(Keycloak.BOB, PRIVATE);
        assertThat(phase(Keycloak.ALICE, alicesJob)).isEqualTo("COMPLETED");
        assertThat(column(as(Keycloak.ALICE).when().get("/tap/async/" + alicesJob + "/results/result")))
                .containsExactly("1", "2");
        assertThat(phase(Keycloak.BOB, bobsJob)).isEqualTo("ERROR");
        as(Keycloak.BOB).when().get("/tap/async/" + bobsJob + "/error").then()
                .body(containsString("does not exist or is not published"));

        // another user's job: 403; anonymous: 401 with the challenges; nor does it appear in their lists
        as(Keycloak.BOB).when().get("/tap/async/" + alicesJob + "/results/result").then().statusCode(403);
        Response anonymous = given().when().get("/tap/async/" + alicesJob);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().getValues("WWW-Authenticate")).anyMatch(h -> h.startsWith("Basic"));
        as(Keycloak.BOB).when().delete("/tap/async/" + alicesJob).then().statusCode(403);
        assertThat(as(Keycloak.BOB).when().get("/tap/async").asString()).contains(bobsJob).doesNotContain(alicesJob);
        assertThat(given().when().get("/tap/async").asString()).doesNotContain(alicesJob).doesNotContain(bobsJob);
        assertThat(as(Keycloak.ALICE).when().get("/tap/async/" + alicesJob + "/owner").asString()).isEqualTo(Keycloak.ALICE);
    }

    private static String submit(String user, String adql) {
        String location = as(user).redirects().follow(false).formParam("LANG", "ADQL").formParam("QUERY", adql)
                .formParam("PHASE", "RUN").when().post("/tap/async").then().statusCode(303).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String phase(String user, String job) {
        return Uws.awaitEnd(() -> as(user), "/tap/async/" + job).getString("job.phase");
    }
}

package org.astroarchive.datalink.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.datalink.DataLinkFixtures.AUTHORITY;
import static org.astroarchive.datalink.DataLinkFixtures.GAIA_BYTES;
import static org.astroarchive.datalink.DataLinkFixtures.SOURCE_A;
import static org.astroarchive.datalink.DataLinkFixtures.parse;
import static org.astroarchive.datalink.DataLinkFixtures.sourceId;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.astroarchive.datalink.DataLinkFixtures;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

/**
 * Issue 6: the links of a private collection's rows, and their presigned URLs, only for its group's members, checked
 * by the DataLink service itself against a real Keycloak.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(S3Resource.class)
class PrivateCollectionTest {

    /** SOURCE_A in the private schema of DataLinkFixtures (group gaia). */
    private static final String PRIVATE_ROW = "ivo://" + AUTHORITY + "/secret.completesource?" + SOURCE_A;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        DataLinkFixtures.load(dataSource, minio);
    }

    private static List<Map<String, Object>> rows(Response response) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        StarTable table = parse(response.asByteArray());
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (long r = 0; r < table.getRowCount(); r++) {
            Map<String, Object> row = new java.util.HashMap<>();
            for (int c = 0; c < table.getColumnCount(); c++) {
                row.put(table.getColumnInfo(c).getName(), table.getCell(r, c));
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void anAnonymousCallerIsAskedToLogInEvenAmongPublicIds() {
        Response response = given().queryParam("ID", sourceId(SOURCE_A)).queryParam("ID", PRIVATE_ROW).when().get("/datalink");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().getValues("WWW-Authenticate")).contains("Basic realm=\"archive\"", "Bearer realm=\"archive\"");
    }

    @Test
    void aUserOutsideTheGroupGetsAFaultRowAndNoUrl() throws Exception {
        List<Map<String, Object>> rows = rows(given().auth().oauth2(Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD))
                .queryParam("ID", PRIVATE_ROW).when().get("/datalink"));
        assertThat(rows).hasSize(1);
        assertThat((String) rows.get(0).get("error_message")).startsWith("NotFoundFault:")
                .contains("private to the members of group gaia").contains("bob");
        assertThat(rows.get(0).get("access_url")).isNull();
    }

    @Test
    void aMemberGetsTheLinksMarkedAsNeedingAuthenticationAndTheyWork() throws Exception {
        for (var request : List.of(given().auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD)),
                given().header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD)))) {
            List<Map<String, Object>> rows = rows(request.queryParam("ID", PRIVATE_ROW).when().get("/datalink"));
            assertThat(rows).extracting(r -> r.get("semantics")).contains("#this", "#progenitor");
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.get("error_message")).isNull();
                assertThat(r.get("link_auth")).isEqualTo("true");
            });
            String progenitor = (String) rows.stream().filter(r -> "#progenitor".equals(r.get("semantics")))
                    .findFirst().orElseThrow().get("access_url");
            HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(progenitor)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.body()).isEqualTo(GAIA_BYTES);
        }
    }
}

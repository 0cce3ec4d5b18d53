package org.astroarchive.cutmerge.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.cutmerge.CutMergeFixtures.AUTHORITY;
import static org.astroarchive.cutmerge.CutMergeFixtures.FILES;
import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astroarchive.cutmerge.CutMergeFixtures;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 6: rows of a private collection are cut and merged only for its group's members (real Keycloak). */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class PrivateCollectionTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    private String privateRow;
    private String publicRow;

    @BeforeEach
    void rows() throws Exception {
        CutMergeFixtures.load(dataSource, minio);
        long source = CutMergeFixtures.longs(FILES[0], "/CompleteSource/source_id")[7];
        privateRow = "ivo://" + AUTHORITY + "/secret.completesource?" + source;   // group gaia (CutMergeFixtures)
        publicRow = CutMergeFixtures.sourceId(source);
    }

    @Test
    void anAnonymousCallerIsAskedToLogIn() {
        Response response = given().queryParam("ID", publicRow).queryParam("ID", privateRow).when().get("/cutmerge");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().getValues("WWW-Authenticate")).contains("Basic realm=\"archive\"");
    }

    @Test
    void aUserOutsideTheGroupIsRefused() {
        given().auth().oauth2(Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD))
                .queryParam("ID", privateRow).when().get("/cutmerge").then().statusCode(403)
                .body(containsString("collection secret is private to the members of group gaia, and bob is not one"));
    }

    @Test
    void aMemberGetsTheRowsByTokenOrBasic() throws Exception {
        byte[] byToken = given().auth().oauth2(Keycloak.shared().token(Keycloak.ALICE, Keycloak.ALICE_PASSWORD))
                .queryParam("ID", privateRow).when().get("/cutmerge").then().statusCode(200).extract().asByteArray();
        Path file = Files.write(Files.createTempFile("private-cutmerge-", ".h5"), byToken);
        try (io.jhdf.HdfFile hdf = new io.jhdf.HdfFile(file)) {
            assertThat(hdf.getDatasetByPath("/Provenance/id").getData()).isEqualTo(new String[] {privateRow});
        }
        given().header("Authorization", Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD))
                .queryParam("ID", privateRow).when().get("/cutmerge").then().statusCode(200);
        // and the public rows stay public
        given().queryParam("ID", publicRow).when().get("/cutmerge").then().statusCode(200);
    }

    @Test
    void sodaPreviewAndEventSelectionGuardTheirCollectionsToo() {
        // a dataset ID of the private collection: refused before any lookup
        given().queryParam("ID", "ivo://" + AUTHORITY + "/secret?secret:x.fits").queryParam("POS", "CIRCLE 1 1 1")
                .when().get("/soda").then().statusCode(401);
        given().auth().oauth2(Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD))
                .queryParam("ID", "secret:x.fits").when().get("/fermi/select").then().statusCode(403);
        // previews: the same guard as SODA
        given().queryParam("ID", "ivo://" + AUTHORITY + "/secret?secret:x.fits").when().get("/preview").then()
                .statusCode(401);
        given().auth().oauth2(Keycloak.shared().token(Keycloak.BOB, Keycloak.BOB_PASSWORD))
                .queryParam("ID", "ivo://" + AUTHORITY + "/secret?secret:x.fits").when().get("/preview").then()
                .statusCode(403).body(containsString("collection secret is private to the members of group gaia"));
    }
}

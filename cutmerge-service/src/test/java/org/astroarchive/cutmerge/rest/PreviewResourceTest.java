package org.astroarchive.cutmerge.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.cutmerge.SodaFixtures.*;
import static org.astroarchive.cutmerge.rest.SodaResourceTest.assertFault;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.astroarchive.cutmerge.SodaFixtures;
import org.astroarchive.cutmerge.preview.PreviewRendererTest;
import org.astroarchive.testsupport.AuditEvents;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.S3Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /preview} on the real sample images of SODA's tests (S3Proxy, PostgreSQL with ivoa.obscore): PNGs that
 * ImageIO decodes, with the sizes and aspect ratios of the originals, the orientation of the generated cube, the
 * cache, the audit event and the faults SODA answers.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(KafkaResource.class)
class PreviewResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @BeforeEach
    void loadFixtures() throws Exception {
        SodaFixtures.load(dataSource, minio);
    }

    static Raster png(Response response) throws Exception {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("image/png");
        assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(response.asByteArray().length));
        return PreviewRendererTest.decode(response.asByteArray());
    }

    @Test
    void theAzpImageIs192PixelsSquareAndCachedAfterTheFirstRequest() throws Exception {
        // SIZE=500: a size no other test asks for, so the first request is a miss whatever the order of the tests
        Response first = given().queryParam("ID", imageId(AZP)).queryParam("SIZE", "500").when().get("/preview");
        Raster image = png(first);
        assertThat(image.getWidth()).isEqualTo(192);
        assertThat(image.getHeight()).as("never enlarged").isEqualTo(192);
        assertThat(first.header("X-Preview-Cache")).isEqualTo("miss");
        assertThat(first.header("Content-Disposition")).isEqualTo("inline; filename=1904-66_AZP_preview.png");

        Response second = given().queryParam("id", imageId(AZP)).queryParam("size", "500").when().get("/preview");
        assertThat(second.header("X-Preview-Cache")).isEqualTo("hit");
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        List<String> cached = new ArrayList<>();
        for (var item : minio.listObjects(ListObjectsArgs.builder().bucket("cutmerge-cache").prefix("preview/1/")
                .build())) {
            cached.add(item.get().objectName());
        }
        assertThat(cached).anyMatch(name -> name.matches("preview/1/[0-9a-f]{64}\\.png"));
    }

    @Test
    void aSmallerSizeReducesByBlocksKeepingTheAspectRatio() throws Exception {
        Raster azp = png(given().queryParam("ID", imageId(AZP)).queryParam("SIZE", "64").when().get("/preview"));
        assertThat(azp.getWidth()).as("192 in blocks of 3").isEqualTo(64);
        assertThat(azp.getHeight()).isEqualTo(64);
        // the gzipped Fermi counts map: the image is the 401 x 201 extension N_ON (the primary HDU is empty)
        Raster counts = png(given().queryParam("ID", imageId(COUNTS)).queryParam("SIZE", "100").when().get("/preview"));
        assertThat(counts.getWidth()).as("401 in blocks of 5").isEqualTo(81);
        assertThat(counts.getHeight()).as("201 in blocks of 5").isEqualTo(41);
        assertThat((double) counts.getWidth() / counts.getHeight()).isCloseTo(401.0 / 201, org.assertj.core.data.Offset.offset(0.05));
        Raster counts512 = png(given().queryParam("ID", imageId(COUNTS)).when().get("/preview"));
        assertThat(counts512.getWidth()).isEqualTo(401);
        assertThat(counts512.getHeight()).isEqualTo(201);
        // the first of the three 10 x 10 extensions of the MEF
        Raster mef = png(given().queryParam("ID", imageId(MEF)).when().get("/preview"));
        assertThat(mef.getWidth()).isEqualTo(10);
        assertThat(mef.getHeight()).isEqualTo(10);
    }

    @Test
    void theCubesBrightestCornerIsTopRightAsInDs9() throws Exception {
        // cube pixel values grow with x and y (SodaFixtures.cubeValue): FITS (24, 20) is the brightest pixel
        Raster cube = png(given().queryParam("ID", imageId(CUBE)).when().get("/preview"));
        assertThat(cube.getWidth()).isEqualTo(CUBE_NX);
        assertThat(cube.getHeight()).isEqualTo(CUBE_NY);
        assertThat(cube.getSample(CUBE_NX - 1, 0, 0)).as("top right").isEqualTo(255);
        assertThat(cube.getSample(0, CUBE_NY - 1, 0)).as("bottom left").isZero();
        assertThat(cube.getSample(CUBE_NX - 1, CUBE_NY - 1, 0)).as("bottom right, darker than top right")
                .isLessThan(cube.getSample(CUBE_NX - 1, 0, 0)).isGreaterThan(0);
        assertThat(cube.getSample(CUBE_NX / 2, CUBE_NY / 2, 1)).as("opaque").isEqualTo(255);
    }

    @Test
    void aPreviewIsAuditedAsADownload() throws Exception {
        String requestId = UUID.randomUUID().toString();
        byte[] body = given().header("X-Request-Id", requestId).queryParam("ID", imageId(MEF)).when().get("/preview")
                .then().statusCode(200).extract().asByteArray();
        JsonNode event = AuditEvents.awaitRequest(kafka, "anonymous", requestId);
        assertThat(event.get("action").asText()).isEqualTo("download");
        assertThat(event.get("object").asText()).isEqualTo(imageId(MEF));
        assertThat(event.get("bytes").asLong()).isEqualTo(body.length);
        assertThat(event.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void faultsAreThoseOfSoda() {
        assertFault(given().when().get("/preview"), 400, "UsageFault: ID is missing");
        assertFault(given().queryParam("ID", imageId("nothing.fits")).when().get("/preview"), 404,
                "NotFoundFault: ID '" + imageId("nothing.fits") + "' names no dataset");
        assertFault(given().queryParam("ID", "ivo://other.archive/images?images:" + AZP).when().get("/preview"), 404,
                "NotFoundFault: ID 'ivo://other.archive/images?images:" + AZP + "' belongs to another archive");
        assertFault(given().queryParam("ID", imageId(GHOST)).when().get("/preview"), 404,
                "NotFoundFault: the dataset " + imageId(GHOST) + " is published but its file");
        assertFault(given().queryParam("ID", fermiId(FT1)).when().get("/preview"), 404,
                "NotFoundFault: ID '" + fermiId(FT1) + "' names no dataset"); // catalogued, but not in ObsCore
        assertFault(given().queryParam("ID", "not-an-id").when().get("/preview"), 400, "UsageFault: ID 'not-an-id'");
        for (String size : new String[] {"0", "-5", "abc", "2049", "1.5"}) {
            assertFault(given().queryParam("ID", imageId(AZP)).queryParam("SIZE", size).when().get("/preview"), 400,
                    "UsageFault: SIZE=" + size + " is not a whole number of pixels from 1 to 2048");
        }
        assertFault(given().queryParam("ID", imageId(AZP)).queryParam("SIZE", "64").queryParam("SIZE", "32").when()
                .get("/preview"), 400, "UsageFault: SIZE was given 2 times");
    }
}

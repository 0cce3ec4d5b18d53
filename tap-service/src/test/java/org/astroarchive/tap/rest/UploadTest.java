package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Uws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.StarTable;

/** TAP 1.1 §2.5 inline uploads joined with published tables, sync and async. */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class UploadTest {

    /** Two positions: one near case-a (M31), one far from everything. */
    private static final String OBJECTS = """
            <?xml version="1.0"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
              <RESOURCE><TABLE>
                <FIELD name="name" datatype="char" arraysize="*"/>
                <FIELD name="ra" datatype="double" unit="deg"/>
                <FIELD name="dec" datatype="double" unit="deg"/>
                <DATA><TABLEDATA>
                  <TR><TD>m31</TD><TD>10.1</TD><TD>41.1</TD></TR>
                  <TR><TD>nowhere</TD><TD>200.0</TD><TD>-60.0</TD></TR>
                </TABLEDATA></DATA>
              </TABLE></RESOURCE>
            </VOTABLE>
            """;
    private static final String JOIN = "SELECT u.name, o.obs_id FROM TAP_UPLOAD.objects AS u JOIN ivoa.obscore AS o "
            + "ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, 0.5)) "
            + "WHERE o.obs_collection = 'adqlcases'";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void fixture() throws Exception {
        TapFixtures.insertObscoreRows(dataSource);
    }

    @Test
    void joinsAnUploadedTableWithObscoreInAConeSearch() throws Exception {
        byte[] result = given().multiPart("LANG", "ADQL").multiPart("QUERY", JOIN).multiPart("UPLOAD", "objects,param:table1")
                .multiPart("table1", "objects.vot", OBJECTS.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml")
                .when().post("/tap/sync").then().statusCode(200).extract().asByteArray();

        StarTable table = TapFixtures.parseVotable(result);
        assertThat(table.getRowCount()).isEqualTo(1);
        assertThat(table.getCell(0, 0)).isEqualTo("m31");
        assertThat(table.getCell(0, 1)).isEqualTo("case-a");
    }

    @Test
    void forgetsTheUploadAfterItsQuery() {
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.objects").multiPart("UPLOAD", "objects,param:t")
                .multiPart("RESPONSEFORMAT", "votable/td")
                .multiPart("t", "objects.vot", OBJECTS.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml")
                .when().post("/tap/sync").then().statusCode(200).body(containsString("m31"));

        given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM TAP_UPLOAD.objects")
                .when().post("/tap/sync").then().statusCode(400).body(containsString("not published"));
    }

    @Test
    void refusesBadUploadsSayingWhy() {
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.bad").multiPart("UPLOAD", "bad,param:t")
                .multiPart("t", "bad.vot", "this is not a VOTable".getBytes(StandardCharsets.UTF_8), "application/x-votable+xml")
                .when().post("/tap/sync").then().statusCode(400).body(containsString("not a readable VOTable"));
        // server-side request forgery: a query must not make the service fetch from its own network
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.inside")
                .multiPart("UPLOAD", "inside,http://127.0.0.1:8082/q/health")
                .when().post("/tap/sync").then().statusCode(400).body(containsString("private address"));
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.local")
                .multiPart("UPLOAD", "local,file:///etc/passwd")
                .when().post("/tap/sync").then().statusCode(400).body(containsString("neither param: nor an http(s) URL"));
        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT * FROM TAP_UPLOAD.missing").multiPart("UPLOAD", "missing,param:nothere")
                .when().post("/tap/sync").then().statusCode(400).body(containsString("does not contain"));
    }

    @Test
    void runsAnAsyncJobWithAnUpload() throws Exception {
        String job = given().redirects().follow(false).multiPart("LANG", "ADQL").multiPart("QUERY", JOIN)
                .multiPart("UPLOAD", "objects,param:table1").multiPart("PHASE", "RUN")
                .multiPart("table1", "objects.vot", OBJECTS.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml")
                .when().post("/tap/async").then().statusCode(303).extract().header("Location");

        String phase = Uws.awaitEnd(RestAssured::given, job).getString("job.phase");
        assertThat(phase).isEqualTo("COMPLETED");
        StarTable table = TapFixtures.parseVotable(given().when().get(job + "/results/result").then().statusCode(200).extract().asByteArray());
        assertThat(table.getRowCount()).isEqualTo(1);
        assertThat(table.getCell(0, 1)).isEqualTo("case-a");
    }

    /** The capabilities promise tap.upload-max-bytes (100 MB): an upload above Quarkus' default body limit (10 MB) is read. */
    @Test
    void acceptsAnUploadLargerThanTheHttpLayersDefaultLimit() {
        StringBuilder rows = new StringBuilder();
        int count = 0;
        while (rows.length() < 12_000_000) {
            rows.append("<TR><TD>").append(count++).append("</TD><TD>").append("x".repeat(200)).append("</TD></TR>\n");
        }
        String votable = """
                <?xml version="1.0"?>
                <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
                <FIELD name="n" datatype="int"/><FIELD name="padding" datatype="char" arraysize="*"/>
                <DATA><TABLEDATA>
                """ + rows + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n";

        given().multiPart("LANG", "ADQL").multiPart("QUERY", "SELECT COUNT(*) AS n, MAX(n) AS last FROM TAP_UPLOAD.big")
                .multiPart("UPLOAD", "big,param:t").multiPart("RESPONSEFORMAT", "csv")
                .multiPart("t", "big.vot", votable.getBytes(StandardCharsets.UTF_8), "application/x-votable+xml")
                .when().post("/tap/sync").then().statusCode(200)
                .body(containsString(count + "," + (count - 1)));
    }

    @Test
    void declaresInlineUploadsInTheCapabilities() {
        given().when().get("/tap/capabilities").then().statusCode(200)
                .body(containsString("ivo://ivoa.net/std/TAPRegExt#upload-inline"))
                .body(containsString("<uploadLimit>"));
    }
}

package org.astroarchive.tap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.Validators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.StarTable;

@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
class TapSyncTest {

    private static final String QUERY = "SELECT obs_id, s_ra, s_dec FROM ivoa.obscore WHERE obs_collection = 'adqlcases' ORDER BY obs_id";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void fixture() throws Exception {
        TapFixtures.insertObscoreRows(dataSource);
    }

    @Test
    void returnsABinary2VotableWithTheRowsAndTheirTapSchemaMetadata() throws Exception {
        byte[] body = given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY)
                .when().get("/tap/sync")
                .then().statusCode(200).contentType(containsString("application/x-votable+xml"))
                .extract().asByteArray();

        String text = new String(body);
        assertThat(text).contains("<BINARY2>").contains("name=\"QUERY_STATUS\" value=\"OK\"").doesNotContain("OVERFLOW");
        StarTable table = TapFixtures.parseVotable(body);
        assertThat(table.getRowCount()).isEqualTo(3);
        assertThat(table.getCell(1, 0)).isEqualTo("case-b");
        assertThat(table.getCell(1, 1)).isEqualTo(23.5);
        ColumnInfo ra = table.getColumnInfo(1);
        assertThat(ra.getUnitString()).isEqualTo("deg");
        assertThat(ra.getUCD()).isEqualTo("pos.eq.ra");
    }

    @Test
    void producesVotablesThatVotlintAccepts() throws Exception {
        for (String format : new String[] {"votable", "votable/td"}) {
            byte[] body = given().formParam("LANG", "ADQL").formParam("QUERY", "SELECT * FROM ivoa.obscore")
                    .formParam("RESPONSEFORMAT", format)
                    .when().post("/tap/sync").then().statusCode(200).extract().asByteArray();
            Path file = Files.createTempFile("result", ".vot");
            Files.write(file, body);
            assertThat(Validators.votlint(file)).as("votlint of " + format).doesNotContain("ERROR");
        }
        Path error = Files.createTempFile("error", ".vot");
        Files.writeString(error, given().param("LANG", "ADQL").param("QUERY", "SELECT nonsense FROM")
                .when().get("/tap/sync").then().statusCode(400).extract().asString());
        assertThat(Validators.votlint(error)).as("votlint of an error document").doesNotContain("ERROR");
    }

    @Test
    void marksOverflowAfterTheTableWhenMaxrecIsReached() {
        String body = given().formParam("LANG", "ADQL").formParam("QUERY", QUERY).formParam("MAXREC", "2")
                .formParam("RESPONSEFORMAT", "votable/td")
                .when().post("/tap/sync").then().statusCode(200).extract().asString();

        assertThat(TapFixtures.parseVotable(body.getBytes()).getRowCount()).isEqualTo(2);
        assertThat(body.indexOf("value=\"OVERFLOW\"")).isGreaterThan(body.indexOf("</TABLE>"));
    }

    @Test
    void returnsOnlyTheColumnsForMaxrecZero() {
        String body = given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY).queryParam("MAXREC", "0")
                .queryParam("RESPONSEFORMAT", "votable/td")
                .when().get("/tap/sync").then().statusCode(200).extract().asString();

        StarTable table = TapFixtures.parseVotable(body.getBytes());
        assertThat(table.getRowCount()).isZero();
        assertThat(table.getColumnCount()).isEqualTo(3);
        assertThat(body).contains("value=\"OVERFLOW\"");
    }

    @Test
    void acceptsParameterNamesInAnyCase() {
        given().queryParam("lang", "adql").queryParam("Query", QUERY).queryParam("maxREC", "1")
                .when().get("/tap/sync")
                .then().statusCode(200).body(containsString("OVERFLOW"));
    }

    @Test
    void answersAMissingLangWithAnErrorDocumentAndAHint() {
        given().queryParam("QUERY", QUERY)
                .when().get("/tap/sync")
                .then().statusCode(400)
                .body(containsString("value=\"ERROR\""))
                .body(containsString("LANG=ADQL"));
    }

    @Test
    void refusesUnknownFormatsAndBadMaxrecNamingTheAlternatives() {
        given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY).queryParam("RESPONSEFORMAT", "application/pdf")
                .when().get("/tap/sync")
                .then().statusCode(400).body(containsString("votable/td"));
        given().queryParam("LANG", "ADQL").queryParam("QUERY", QUERY).queryParam("MAXREC", "-5")
                .when().get("/tap/sync")
                .then().statusCode(400).body(containsString("non-negative integer"));
    }
}

package org.astroarchive.tap.adql;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.astroarchive.tap.TapFixtures;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.KafkaResource;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import uk.ac.starlink.table.StarTable;

/**
 * One case per file in src/test/resources/adql-cases: QUERY, then either ROWS (and optionally CONTAINS, text the
 * result must hold) or ERROR (text the error document must hold; optionally ERROR_NOT, text it must not hold). Adding a case is adding a file.
 */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(S3Resource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(KafkaResource.class)
class AdqlCasesTest {

    private static final Path CASES = Path.of("src/test/resources/adql-cases");

    @Inject
    DataSource dataSource;

    @BeforeEach
    void fixture() throws Exception {
        TapFixtures.insertObscoreRows(dataSource);
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".properties"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runsTheCase(String file) throws IOException {
        Properties adqlCase = new Properties();
        try (InputStream in = Files.newInputStream(CASES.resolve(file))) {
            adqlCase.load(in);
        }
        Response response = given().formParam("LANG", "ADQL").formParam("QUERY", adqlCase.getProperty("QUERY"))
                .formParam("RESPONSEFORMAT", "votable/td")
                .when().post("/tap/sync");
        String body = response.asString();

        if (adqlCase.containsKey("ERROR")) {
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(body).contains("QUERY_STATUS").contains("ERROR").contains(adqlCase.getProperty("ERROR"));
            if (adqlCase.containsKey("ERROR_NOT")) { // what the message must not show (parser internals)
                assertThat(body).doesNotContain(adqlCase.getProperty("ERROR_NOT"));
            }
        } else {
            assertThat(response.statusCode()).as(body).isEqualTo(200);
            StarTable table = TapFixtures.parseVotable(response.asByteArray());
            assertThat(table.getRowCount()).as(body).isEqualTo(Long.parseLong(adqlCase.getProperty("ROWS")));
            if (adqlCase.containsKey("CONTAINS")) {
                assertThat(body).contains(adqlCase.getProperty("CONTAINS"));
            }
        }
    }
}

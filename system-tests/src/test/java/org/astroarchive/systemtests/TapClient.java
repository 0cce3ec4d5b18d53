package org.astroarchive.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.astroarchive.testsupport.ArchiveConfig;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

/**
 * ADQL through a TAP service's {@code /sync}, results read with STIL, as the system tests need them. Requests are
 * made as alice (HTTP Basic, checked against the shared Keycloak), a member of group gaia: Gaia is private (issue 6).
 */
final class TapClient {

    /** alice's credentials, as TOPCAT sends them. */
    static final String AS_ALICE = Keycloak.basicHeader(Keycloak.ALICE, Keycloak.ALICE_PASSWORD);

    /** The archive operator's credentials: only operators upload files to the importer. */
    static final String AS_OPERATOR = Keycloak.operatorBasicHeader();

    private TapClient() {
    }

    /** The configuration that points a service at the shared Keycloak. */
    static Map<String, String> keycloak() {
        return ArchiveConfig.keycloak(SharedComponents.get(LocalComponent.Kind.KEYCLOAK));
    }

    static StarTable query(String tapUrl, String adql) throws Exception {
        Response response = given().header("Authorization", AS_ALICE).formParam("REQUEST", "doQuery")
                .formParam("LANG", "ADQL").formParam("QUERY", adql).post(tapUrl + "/tap/sync");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return parse(response.asByteArray());
    }

    /** Polls {@code SELECT COUNT(*) FROM <table...>} until it answers {@code expected} (ingestion is asynchronous). */
    static void awaitCount(String tapUrl, String table, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            Response response = given().header("Authorization", AS_ALICE).formParam("REQUEST", "doQuery").formParam("LANG", "ADQL")
                    .formParam("QUERY", "SELECT COUNT(*) AS n FROM " + table).post(tapUrl + "/tap/sync");
            if (response.statusCode() == 200 && !response.asString().contains("QUERY_STATUS\" value=\"ERROR")) {
                last = ((Number) parse(response.asByteArray()).getCell(0, 0)).longValue();
                if (last == expected) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError(table + ": expected " + expected + " rows, found " + last + " after " + timeout);
    }

    static StarTable parse(byte[] votable) throws Exception {
        return StoragePolicy.PREFER_MEMORY.randomTable(new VOTableBuilder().makeStarTable(
                new ByteArrayDataSource("result", votable), true, StoragePolicy.PREFER_MEMORY));
    }

    static Map<String, Integer> columnIndex(StarTable table) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < table.getColumnCount(); i++) {
            index.put(table.getColumnInfo(i).getName(), i);
        }
        return index;
    }
}

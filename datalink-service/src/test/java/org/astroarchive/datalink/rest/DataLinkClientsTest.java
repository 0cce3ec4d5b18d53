package org.astroarchive.datalink.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.astroarchive.datalink.DataLinkFixtures.*;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.astroarchive.datalink.DataLinkFixtures;
import org.astroarchive.testsupport.KeycloakResource;
import org.astroarchive.testsupport.MigratedPostgresResource;
import org.astroarchive.testsupport.RedisResource;
import org.astroarchive.testsupport.S3Resource;
import org.astroarchive.testsupport.Validators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The community's validator and a VO client on links documents served by the test application (loopback only). */
@QuarkusTest
@WithTestResource(MigratedPostgresResource.class)
@WithTestResource(KeycloakResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(S3Resource.class)
class DataLinkClientsTest {

    @TestHTTPResource("/datalink")
    URL datalink;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MinioClient minio;

    @BeforeEach
    void loadFixtures() throws Exception {
        DataLinkFixtures.load(dataSource, minio);
    }

    private String linksUrl(String... ids) {
        StringBuilder url = new StringBuilder(datalink.toString());
        for (int i = 0; i < ids.length; i++) {
            url.append(i == 0 ? "?ID=" : "&ID=").append(encode(ids[i]));
        }
        return url.toString();
    }

    @Test
    void datalinklintFindsNoErrorsInTheLinksOfASourceATransitADatasetAndAnUnknownId() {
        // one source alone (the seed-query case), then everything else in one request
        for (String url : List.of(linksUrl(sourceId(SOURCE_A)),
                linksUrl(transitId(TRANSIT_B1), imageId(), sourceId(1), "not-an-ivo-id", sourceId(SOURCE_WITHOUT_REPLICA),
                        datasetId(PHOTON_FILE)))) {
            String report = Validators.stilts("datalinklint", "votable=" + url, "report=EWISF", "maxrepeat=3");
            System.out.println("datalinklint " + url + "\n" + report);
            // stilts 3.4.7's built-in vocabulary predates #counterpart: E-SMCO for it is tolerated (issue 5)
            long counterparts = report.lines().filter(l -> l.startsWith("E-SMCO") && l.contains("'counterpart'")).count();
            assertThat(report.lines().filter(l -> l.startsWith("E-") || l.startsWith("W-") || l.startsWith("F-")))
                    .as(report).hasSize((int) counterparts);
            assertThat(report).as(report).contains("Totals: Errors: " + counterparts + "; Warnings: 0;")
                    .contains("Failures: 0");
        }
    }

    @Test
    void pyvoListsTheLinksOfASourceRow() throws Exception {
        String script = """
                import sys
                from pyvo.dal.adhoc import DatalinkResults, DatalinkQuery
                links = DatalinkResults.from_result_url(sys.argv[1])
                # (not bysemantics: it downloads the vocabulary from ivoa.net)
                for link in links:
                    print(link.semantics, link.content_type, link.access_url is not None)
                print('ids', len(links), set(str(link['ID']) for link in links))
                # the Cut & Merge service descriptor, as pyvo builds a call from it (DataLink 1.1 §4)
                proc = links.get_first_proc()
                query = DatalinkQuery.from_resource(proc, links.get_adhocservice_by_id(proc.service_def))
                print(proc.semantics, query.baseurl, sorted(dict(query).items()))
                """;
        String output = pyvo(script, linksUrl(sourceId(SOURCE_A)));
        assertThat(output.lines().toList()).as(output).contains(
                "#this application/x-hdf5 True",
                "#progenitor application/x-hdf5 True",
                "#counterpart application/x-votable+xml True",
                "ids 4 {'" + sourceId(SOURCE_A) + "'}",
                "#proc " + PUBLIC_URL + "/cutmerge [('ID', '" + sourceId(SOURCE_A) + "')]");
    }

    @Test
    void pyvoBuildsAnEventSelectionFromTheFermiDescriptor() throws Exception {
        // what proc.process(...) sends: the fixed ID and the given filters only (DataLink 1.1 §4)
        String script = """
                import sys
                from pyvo.dal.adhoc import DatalinkResults, DatalinkQuery
                links = DatalinkResults.from_result_url(sys.argv[1])
                proc = links.get_first_proc()
                query = DatalinkQuery.from_resource(proc, links.get_adhocservice_by_id(proc.service_def),
                                                    RA=83.6, DEC=22.0, RADIUS=1, EMIN=1000)
                print(proc.semantics, query.baseurl)
                print(sorted(dict(query).items()))
                """;
        String output = pyvo(script, linksUrl(datasetId(PHOTON_FILE)));
        assertThat(output.lines().toList()).as(output).containsExactly(
                "#proc " + PUBLIC_URL + "/fermi/select",
                "[('DEC', '22'), ('EMIN', '1000'), ('ID', '" + datasetId(PHOTON_FILE) + "'), ('RA', '83.6'), ('RADIUS', '1')]");
    }

    private static String pyvo(String script, String url) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script, url).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return output;
    }
}

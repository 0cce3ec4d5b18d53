package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argument parsing, statistics and response checks of the TAP benchmark; the benchmark itself runs only from benchmarks/run. */
class TapBenchmarkHelpersTest {

    @Test
    void defaultsAreAMillionSourcesAndOneEightAndThirtyTwoClients() {
        TapOptions options = TapOptions.parse(List.of());
        assertThat(options).isEqualTo(new TapOptions(1_000_000, List.of(1, 8, 32), 20, 10, "1g", null, false));
    }

    @Test
    void readsEveryOption() {
        TapOptions options = TapOptions.parse(List.of("--sources", "2e4", "--clients", "2, 4,16", "--duration", "3",
                "--warmup", "0", "--service-heap", "512m", "--work-dir", "/tmp/tap", "--keep"));
        assertThat(options).isEqualTo(new TapOptions(20_000, List.of(2, 4, 16), 3, 0, "512m", Path.of("/tmp/tap"), true));
    }

    @Test
    void rejectsBadClientListsAndDurations() {
        assertThatThrownBy(() -> TapOptions.parse(List.of("--clients", "8,1"))).hasMessageContaining("ascending");
        assertThatThrownBy(() -> TapOptions.parse(List.of("--clients", "1,,8"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> TapOptions.parse(List.of("--clients", "0"))).hasMessageContaining("1..256");
        assertThatThrownBy(() -> TapOptions.parse(List.of("--duration", "0"))).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> TapOptions.parse(List.of("--warmup", "-1"))).hasMessageContaining("not be negative");
        assertThatThrownBy(() -> TapOptions.parse(List.of("--per-file", "5"))).hasMessageContaining("unknown option --per-file");
        assertThatThrownBy(() -> TapOptions.parse(List.of("--clients"))).hasMessageContaining("--clients needs a value");
    }

    @Test
    void percentilesAreNearestRankOfMeasuredLatencies() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
        }
        Latencies latencies = new Latencies(nanos);
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
        assertThat(latencies.percentileMillis(95)).isEqualTo(95.0);
        assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
        assertThat(latencies.meanMillis()).isEqualTo(50.5);
        assertThat(new Latencies(new long[] {7_000_000}).percentileMillis(95)).isEqualTo(7.0);
        assertThat(new Latencies(new long[] {3_000_000, 1_000_000, 2_000_000}).percentileMillis(50)).isEqualTo(2.0);
        assertThat(new Latencies(new long[0]).percentileMillis(50)).isNaN();
    }

    @Test
    void closedLoopCountsRequestsVolumeAndFailures() throws InterruptedException {
        ClosedLoop.Result result = ClosedLoop.run(2, Duration.ZERO, 5, (client, sequence) -> {
            if (client == 1 && sequence == 2) {
                throw new IllegalStateException("HTTP 500");
            }
            return 10;
        });
        assertThat(result.requests()).isEqualTo(9);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.volume()).isEqualTo(90);
        assertThat(result.latencies().count()).isEqualTo(9);
        assertThat(result.firstFailure()).isEqualTo("IllegalStateException: HTTP 500");
    }

    @Test
    void findsQueryStatusErrorBeforeOrAfterALongTable() throws Exception {
        String ok = "<VOTABLE><RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>";
        String stream = "A".repeat(100_000);
        String trailerError = "</TABLE><INFO value=\"ERROR\" name=\"QUERY_STATUS\">result streaming failed</INFO></RESOURCE></VOTABLE>";
        ResponseBody failed = ResponseBody.read(stream(ok + stream + trailerError), new byte[4096]);
        assertThat(failed.bytes()).isEqualTo(ok.length() + stream.length() + trailerError.length());
        assertThat(failed.queryError()).contains("result streaming failed");
        assertThat(failed.contains("</TABLE>")).isTrue();

        String overflow = "</TABLE><INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/></RESOURCE></VOTABLE>";
        assertThat(ResponseBody.read(stream(ok + stream + overflow), new byte[1000]).queryError()).isEmpty();
        assertThat(ResponseBody.of("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">no such table</INFO>").queryError())
                .contains("no such table");
        assertThat(ResponseBody.of("<INFO name=\"provider\" value=\"ERROR\"/>").queryError()).isEmpty();
    }

    @Test
    void keepsTheExactTailAcrossReadsOfAnySize() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 50_000; i++) {
            text.append(i).append(',');
        }
        String tail = text.substring(text.length() - ResponseBody.KEPT);
        for (int buffer : new int[] {1, 7, 4096, 8192, 10_000, 65_536}) {
            ResponseBody body = ResponseBody.read(stream(text.toString()), new byte[buffer]);
            assertThat(body.contains(tail)).as("buffer of %d bytes", buffer).isTrue();
        }
    }

    @Test
    void coneTemplateReplacesExactlyTheCentreOfTheTranslatedSql() {
        double[] centre = {10.1, 0.1};
        String sql = "SELECT * FROM gaia.completesource WHERE spoint(radians(ra), radians(dec)) @ "
                + "scircle(spoint(radians(10.100000), radians(0.100000)), radians(0.1)) LIMIT 10001";
        String template = TapBenchmark.coneTemplate(sql, centre);
        assertThat(template.formatted("250.000000", "-30.500000")).isEqualTo(sql.replace("10.100000", "250.000000")
                .replace("radians(0.100000)", "radians(-30.500000)"));
        assertThatThrownBy(() -> TapBenchmark.coneTemplate(sql, new double[] {11.0, 0.1})).hasMessageContaining("occurs 0 times");
    }

    @Test
    void formatsFigures() {
        assertThat(TapBenchmark.ms(4.567)).isEqualTo("4.57 ms");
        assertThat(TapBenchmark.ms(123.45)).isEqualTo("123.5 ms");
        assertThat(TapBenchmark.rate(301.6)).isEqualTo("302 req/s");
        assertThat(TapBenchmark.mbs(150.04)).isEqualTo("150.0 MB/s");
        assertThat(TapBenchmark.times(3.04)).isEqualTo("3.0 x");
        assertThat(TapBenchmark.coneQuery(new double[] {1.5, -2.25}))
                .isEqualTo("SELECT * FROM gaia.completesource WHERE 1=CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1.500000, -2.250000, 0.1))");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}

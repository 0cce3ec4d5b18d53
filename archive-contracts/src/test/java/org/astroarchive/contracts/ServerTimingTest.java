package org.astroarchive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerTimingTest {

    @Test
    void stepsFollowOneAnotherWithTheirDurations() {
        long[] clock = {1_000_000_000L};
        ServerTiming timing = new ServerTiming(() -> clock[0]);
        clock[0] += 20_250_000L;
        timing.step("adql", "parse and translate");
        clock[0] += 3_000_000L;
        timing.step("db", null);

        // the second step began when the first ended
        assertThat(timing.toString()).isEqualTo("adql;dur=20.3;desc=\"parse and translate\", db;dur=3.0");
    }

    @Test
    void measuresRealTime() throws Exception {
        ServerTiming timing = new ServerTiming();
        Thread.sleep(20);
        String entry = timing.step("wait", null).toString();
        assertThat(Double.parseDouble(entry.replace("wait;dur=", ""))).isGreaterThanOrEqualTo(20.0);
    }

    @Test
    void durationsHaveOneDecimalRoundedHalfUp() {
        assertThat(new ServerTiming().add("a", null, 0.04).add("b", null, 7.96).add("c", null, 0.05)
                .add("d", null, 120.0).toString()).isEqualTo("a;dur=0.0, b;dur=8.0, c;dur=0.1, d;dur=120.0");
    }

    @Test
    void descriptionsAreQuotedStrings() {
        assertThat(new ServerTiming().add("merge", "say \"hi\" \\ bye", 1234.56).toString())
                .isEqualTo("merge;dur=1234.6;desc=\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(new ServerTiming().toString()).isEmpty();
    }
}

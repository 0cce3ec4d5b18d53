package org.astroarchive.suites;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Findings of the suites not fixed yet. A probe matching an entry is still sent and its answer still checked; a
 * failure of it is reported under "known failures" instead of failing the build. Every entry is printed at each run
 * and listed in suites/README.md and docs/reliability.md: nothing is skipped silently.
 */
final class KnownFailures {

    /** @param category the probe's category; @param input a pattern found in the probe's input; @param reason why */
    record Known(String category, Pattern input, String reason) {
        boolean matches(Probe probe) {
            return probe.category().equals(category) && input.matcher(probe.input()).find();
        }
    }

    /** Empty at present: the one entry of the first runs (SODA's degenerate POLYGON answered 204) is fixed. */
    static final List<Known> ALL = List.of();

    private KnownFailures() {
    }

    static Known of(Probe probe) {
        return ALL.stream().filter(k -> k.matches(probe)).findFirst().orElse(null);
    }
}

package org.astroarchive.cutmerge.soda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FitsHistoryTest {

    @Test
    void historyIsWrappedBetweenWords() {
        String text = "SODA 1.0 cutout (cutmerge-service) of ivo://astroarchive.test/images?images:1904-66_AZP.fits "
                + "(DID images:1904-66_AZP.fits, md5 3bf71c3dad003a0ee6a7097b3fb54a07)";
        List<String> lines = FitsHistory.wrap(text);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(FitsHistory.WIDTH));
        assertThat(String.join(" ", lines)).isEqualTo(text);
        assertThat(FitsHistory.wrap("x".repeat(150))).containsExactly("x".repeat(71), "x".repeat(71), "x".repeat(8));
    }
}

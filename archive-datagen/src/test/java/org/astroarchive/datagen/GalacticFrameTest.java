package org.astroarchive.datagen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GalacticFrameTest {

    /** Hipparcos definition (ESA 1997, Vol. 1, §1.5.3): the galactic pole and centre in ICRS, degrees. */
    @Test
    void placesTheGalacticPoleAndCentreWhereHipparcosDefinesThem() {
        double[] pole = GalacticFrame.toIcrs(0, Math.PI / 2);
        assertThat(Math.toDegrees(pole[0])).isCloseTo(192.85948, within(1e-4));
        assertThat(Math.toDegrees(pole[1])).isCloseTo(27.12825, within(1e-4));

        double[] centre = GalacticFrame.toIcrs(0, 0);
        assertThat(Math.toDegrees(centre[0])).isCloseTo(266.40499, within(1e-4));
        assertThat(Math.toDegrees(centre[1])).isCloseTo(-28.93617, within(1e-4));
    }

    @Test
    void keepsAlphaBelowTwoPi() {
        assertThat(GalacticFrame.normalizeAlpha(-1e-17)).isZero();
        assertThat(GalacticFrame.normalizeAlpha(-Math.PI)).isEqualTo(Math.PI);
    }
}

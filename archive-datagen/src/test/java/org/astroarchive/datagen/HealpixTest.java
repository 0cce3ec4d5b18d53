package org.astroarchive.datagen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealpixTest {

    @Test
    void polesAreTheCornersOfTheirBasePixels() {
        // north pole, alpha 0: last (top) pixel of base pixel 0; south pole: first (bottom) pixel of base pixel 8
        assertThat(Healpix.ang2pixNest(0, 0, Math.PI / 2)).isZero();
        assertThat(Healpix.ang2pixNest(12, 0, Math.PI / 2)).isEqualTo((1L << 24) - 1);
        assertThat(Healpix.ang2pixNest(0, 0, -Math.PI / 2)).isEqualTo(8);
        assertThat(Healpix.ang2pixNest(12, 0, -Math.PI / 2)).isEqualTo(8L << 24);
    }

    /** Base pixel centres (Górski et al. 2005, fig. 4): z = 2/3, 0, −2/3 for base pixels 0-3, 4-7, 8-11. */
    @Test
    void findsTheTwelveBasePixelsAtTheirCentres() {
        double north = Math.asin(2.0 / 3);
        for (int k = 0; k < 4; k++) {
            assertThat(Healpix.ang2pixNest(0, Math.PI / 4 + k * Math.PI / 2, north)).isEqualTo(k);
            assertThat(Healpix.ang2pixNest(0, k * Math.PI / 2, 0)).isEqualTo(4 + k);
            assertThat(Healpix.ang2pixNest(0, Math.PI / 4 + k * Math.PI / 2, -north)).isEqualTo(8 + k);
        }
    }

    /**
     * Expected values computed with HEALPix Java 3.60 (Debian's libhealpix-java, HealpixBase NESTED), which also
     * agreed on 300,000 random points at orders 0-29. Points on pixel edges are avoided: there a last-bit
     * difference between sin(delta) and cos(π/2 − delta) may pick either neighbour.
     */
    @ParameterizedTest(name = "alpha={0} delta={1}")
    @CsvSource({
            "0.3,                0.05,                 17,  70,  73909407",
            "3.0,                -0.05,                26, 105, 110229307",
            "1.61825,            0.40195,              23,  95,  99683961",
            "0.1,                1.5,                   3,  15,  16706951",
            "4.0,                -1.2,                 40, 160, 168785196",
            "6.2,                -0.3,                 16,  66,  69689831",
            "2.5,                0.7,                   5,  22,  23668004",
            "5.5,                0.9,                  15,  60,  63160705",
            "3.9,                -0.75,                42, 169, 177554040",
            "1.0,                0.75,                  1,   6,   7082379",
            "6.283185307178586,  0.2,                  19,  76,  80493580",
            "2.0,                -1.5707,              36, 144, 150994944",
            "0.7,                1.5707963,             3,  15,  16777215"})
    void agreesWithTheReferenceImplementation(double alpha, double delta, long order1, long order2, long order12) {
        assertThat(Healpix.ang2pixNest(1, alpha, delta)).isEqualTo(order1);
        assertThat(Healpix.ang2pixNest(2, alpha, delta)).isEqualTo(order2);
        assertThat(Healpix.ang2pixNest(12, alpha, delta)).isEqualTo(order12);
    }

    @Test
    void nestedIndexOfAParentIsTheChildShiftedByTwoBits() {
        SeededRandom rnd = new SeededRandom(7);
        for (int i = 0; i < 2_000; i++) {
            double alpha = rnd.uniform(0, 2 * Math.PI);
            double delta = Math.asin(rnd.uniform(-1, 1));
            long child = Healpix.ang2pixNest(Healpix.MAX_ORDER, alpha, delta);
            for (int order = Healpix.MAX_ORDER - 1; order >= 0; order--) {
                long parent = Healpix.ang2pixNest(order, alpha, delta);
                assertThat(parent).as("order %d at (%s, %s)", order, alpha, delta).isEqualTo(child >> 2);
                assertThat(parent).isBetween(0L, Healpix.pixelCount(order) - 1);
                child = parent;
            }
        }
    }

    @Test
    void alphaIsTakenModuloTwoPi() {
        assertThat(Healpix.ang2pixNest(12, 1.61825 + 2 * Math.PI, 0.40195)).isEqualTo(99683961);
        assertThat(Healpix.ang2pixNest(12, 1.61825 - 2 * Math.PI, 0.40195)).isEqualTo(99683961);
    }

    @Test
    void spreadsBitsForTheMortonCode() {
        assertThat(Healpix.spreadBits(0b111)).isEqualTo(0b10101);
        assertThat(Healpix.spreadBits(0xFFFFFFFFL)).isEqualTo(0x5555555555555555L);
    }

    @Test
    void rejectsPositionsOffTheSphere() {
        assertThatThrownBy(() -> Healpix.ang2pixNest(12, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(12, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Healpix.ang2pixNest(30, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

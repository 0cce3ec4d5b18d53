package org.astroarchive.tap.votable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PgSphereTest {

    @Test
    void turnsARadianPolygonIntoDaliDegrees() {
        double[] polygon = PgSphere.polygonDegrees("{(0.174532925199433 , 0.698131700797732),(3.14159265358979 , -1.5707963267949),(6.1086523819802 , 1e-3)}");

        assertThat(polygon).containsExactly(new double[] {10, 40, 180, -90, 350, Math.toDegrees(1e-3)}, within(1e-9));
    }

    @Test
    void turnsARadianPointAndCircleIntoDaliDegrees() {
        assertThat(PgSphere.degrees("(0.174532925199433 , -1.5707963267949)")).containsExactly(new double[] {10, -90}, within(1e-9));
        assertThat(PgSphere.degrees("<(3.14159265358979 , 0.698131700797732) , 0.0174532925199433>"))
                .containsExactly(new double[] {180, 40, 1}, within(1e-9));
    }

    @Test
    void refusesAnOddNumberOfCoordinates() {
        assertThatThrownBy(() -> PgSphere.polygonDegrees("{(0.1 , 0.2),(0.3)}")).isInstanceOf(IllegalArgumentException.class);
    }
}

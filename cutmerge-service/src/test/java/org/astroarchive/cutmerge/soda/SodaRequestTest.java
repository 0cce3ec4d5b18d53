package org.astroarchive.cutmerge.soda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.junit.jupiter.api.Test;

class SodaRequestTest {

    private static final String ID = "ivo://astroarchive.test/images?images:x.fits";

    @Test
    void refusesAPolygonWithFewerThanThreeDistinctVertices() {
        // found by suites/BadInputIT: it was answered 204 (no pixel) instead of a UsageFault
        for (String polygon : List.of("1 2 1 2 1 2", "1 2 3 4 1 2", "361 2 1 2 1 2")) {
            assertThatThrownBy(() -> SodaRequest.parse(Map.of("ID", List.of(ID), "POLYGON", List.of(polygon))))
                    .isInstanceOfSatisfying(CutMergeException.class, e -> {
                        assertThat(e.fault()).isEqualTo(Fault.USAGE);
                        assertThat(e.text()).contains("distinct vertices");
                    });
        }
    }

    @Test
    void acceptsATriangle() {
        assertThat(SodaRequest.parse(Map.of("ID", List.of(ID), "POLYGON", List.of("1 2 3 4 5 2"))).region()).isNotNull();
    }
}

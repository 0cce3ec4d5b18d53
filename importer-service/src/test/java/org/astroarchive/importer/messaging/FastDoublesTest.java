package org.astroarchive.importer.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FastDoublesTest {

    /** Every double written by the fast writer reads back as the very same double, as with Double.toString. */
    @Test
    void doublesReadBackExactly() throws Exception {
        ObjectMapper fast = new ObjectMapper();
        new FastDoubles().customize(fast);
        assertThat(fast.getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature())).isTrue();

        Random random = new Random(42);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, 0.1, 2.0E-3, 1.0E23, 4.9E-324, Double.MAX_VALUE,
                -1.7976931348623157E308, 1.61825, 0.40195, 123456.78901234567, 3.0E10, 1.0E-7));
        for (int i = 0; i < 100_000; i++) {
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
        }
        values.removeIf(v -> v.isNaN() || v.isInfinite());

        String json = fast.writeValueAsString(values);
        List<?> back = new ObjectMapper().readValue(json, List.class);
        assertThat(back).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(((Number) back.get(i)).doubleValue()).as(json.substring(0, Math.min(80, json.length())))
                    .isEqualTo(values.get(i));
        }
        // Java's own notation, as before: the metadata service's COPY text and its tests see the same forms
        assertThat(fast.writeValueAsString(List.of(0.1, 2.0E-3, 1.0E23, 1.0E-7))).isEqualTo("[0.1,0.002,1.0E23,1.0E-7]");
    }
}

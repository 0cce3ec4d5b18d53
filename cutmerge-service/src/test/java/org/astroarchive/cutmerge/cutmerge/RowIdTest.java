package org.astroarchive.cutmerge.cutmerge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowIdTest {

    @Test
    void readsARowIdOfThisAuthority() {
        RowId id = RowId.parse("ivo://AstroArchive.Example/gaia.completesource?3425114819445915650",
                "astroarchive.example");
        assertThat(id.table()).isEqualTo("gaia.completesource");
        assertThat(id.key()).isEqualTo("3425114819445915650");
    }

    @Test
    void refusesWhatIsNotARowId() {
        for (String raw : new String[] {"gaia.completesource?1", "ivo://astroarchive.example",
                "ivo://astroarchive.example/gaia.completesource", "ivo://astroarchive.example/gaia.completesource?",
                "ivo://astroarchive.example/gaia?gaia:a.h5"}) {
            assertThatThrownBy(() -> RowId.parse(raw, "astroarchive.example")).as(raw)
                    .isInstanceOfSatisfying(CutMergeException.class, e -> assertThat(e.fault()).isEqualTo(Fault.USAGE));
        }
        assertThatThrownBy(() -> RowId.parse("ivo://other.org/gaia.completesource?1", "astroarchive.example"))
                .isInstanceOfSatisfying(CutMergeException.class, e -> assertThat(e.fault()).isEqualTo(Fault.NOT_FOUND));
    }
}

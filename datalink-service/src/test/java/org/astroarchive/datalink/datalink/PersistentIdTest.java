package org.astroarchive.datalink.datalink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersistentIdTest {

    private static final String AUTHORITY = "astroarchive.example";

    @Test
    void readsARowIdAsTableAndKey() throws Exception {
        PersistentId id = PersistentId.parse("ivo://astroarchive.example/gaia.completesource?4295806720", AUTHORITY);
        assertThat(id).isEqualTo(new PersistentId.RowId("ivo://astroarchive.example/gaia.completesource?4295806720",
                "gaia.completesource", "4295806720"));
    }

    @Test
    void readsADatasetIdAsCollectionAndDidAndComparesTheAuthorityIgnoringCase() throws Exception {
        PersistentId id = PersistentId.parse("IVO://AstroArchive.Example/images?images:m31.fits", AUTHORITY);
        assertThat(id).asInstanceOf(InstanceOfAssertFactories.type(PersistentId.DatasetId.class))
                .satisfies(d -> {
                    assertThat(d.collection()).isEqualTo("images");
                    assertThat(d.did().toString()).isEqualTo("images:m31.fits");
                    assertThat(d.raw()).isEqualTo("IVO://AstroArchive.Example/images?images:m31.fits");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://astroarchive.example/gaia.completesource?1 | UsageFault",
            "ivo://astroarchive.example                        | UsageFault",
            "ivo://astroarchive.example/gaia.completesource    | UsageFault",
            "ivo://astroarchive.example/gaia.completesource?   | UsageFault",
            "ivo://astroarchive.example?gaia:x.h5              | UsageFault",
            "ivo://astroarchive.example/Gaia.CompleteSource?1  | UsageFault",
            "ivo://astroarchive.example/images?no-scope        | UsageFault",
            "ivo://astroarchive.example/a/b?images:x.fits      | UsageFault",
            "ivo://other.example/gaia.completesource?1         | NotFoundFault",
    })
    void refusesWhatIsNotAnIdOfThisArchive(String raw, String fault) {
        assertThatThrownBy(() -> PersistentId.parse(raw, AUTHORITY))
                .isInstanceOfSatisfying(PersistentId.InvalidIdException.class,
                        e -> assertThat(e.fault().label()).isEqualTo(fault));
    }

    @Test
    void buildsTheLinksUrlOfAnId() {
        assertThat(PersistentId.linksUrl("http://h/datalink", "ivo://a/gaia.completesource?1"))
                .isEqualTo("http://h/datalink?ID=ivo%3A%2F%2Fa%2Fgaia.completesource%3F1");
    }
}

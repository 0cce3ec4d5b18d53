package org.astroarchive.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DidTest {

    @Test
    void objectKeyFollowsRucioDeterministicLayout() {
        // md5("gaia:GaiaSource_000-000-001.h5") = 1d31a9a1..., computed with md5sum
        assertThat(new Did("gaia", "GaiaSource_000-000-001.h5").objectKey())
                .isEqualTo("gaia/1d/31/GaiaSource_000-000-001.h5");
    }

    @Test
    void parsesScopeAndName() {
        Did did = Did.parse("fermi:ft1_events.fits");
        assertThat(did.scope()).isEqualTo("fermi");
        assertThat(did.name()).isEqualTo("ft1_events.fits");
        assertThat(did).hasToString("fermi:ft1_events.fits");
    }

    @Test
    void rejectsNamesThatCouldEscapeTheObjectKey() {
        assertThatThrownBy(() -> new Did("images", "../etc/passwd")).hasMessageContaining("invalid DID name");
        assertThatThrownBy(() -> new Did("images", "a/b.fits")).hasMessageContaining("invalid DID name");
        assertThatThrownBy(() -> Did.parse("no-colon")).hasMessageContaining("expected scope:name");
        assertThatThrownBy(() -> new Did("", "x.fits")).hasMessageContaining("invalid DID scope");
    }
}

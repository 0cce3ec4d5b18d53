package org.astroarchive.contracts.soda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SodaServiceDescriptorTest {

    static Map<String, SodaServiceDescriptor.Parameter> byName(List<SodaServiceDescriptor.Parameter> parameters) {
        return parameters.stream().collect(Collectors.toMap(SodaServiceDescriptor.Parameter::name,
                Function.identity()));
    }

    @Test
    void genericDescriptorHasTheStandardThreeFactorSemantics() {
        // SODA 1.0 §3.4 table 1: name, UCD and unit identify a standard parameter
        Map<String, SodaServiceDescriptor.Parameter> p = byName(SodaServiceDescriptor.parameters());
        assertThat(p.keySet()).containsExactlyInAnyOrder("ID", "POS", "CIRCLE", "POLYGON", "BAND", "TIME");
        assertThat(p.get("ID").ucd()).isEqualTo("meta.ref.url;meta.curation");
        assertThat(p.get("POS").ucd()).isEqualTo("pos.outline;obs");
        assertThat(p.get("POS").unit()).isNull();
        assertThat(p.get("CIRCLE")).extracting("ucd", "unit", "datatype", "arraysize", "xtype")
                .containsExactly("pos.outline;obs", "deg", "double", "3", "circle");
        assertThat(p.get("POLYGON")).extracting("unit", "arraysize", "xtype").containsExactly("deg", "*", "polygon");
        assertThat(p.get("BAND")).extracting("ucd", "unit", "arraysize", "xtype")
                .containsExactly("em.wl;stat.interval", "m", "2", "interval");
        assertThat(p.get("TIME")).extracting("ucd", "unit", "arraysize", "xtype")
                .containsExactly("time.interval;obs.exposure", "d", "2", "interval");
        assertThat(SodaServiceDescriptor.STANDARD_ID).isEqualTo("ivo://ivoa.net/std/SODA#sync-1.0");
    }

    @Test
    void datasetDescriptorCarriesItsIdAndRanges() {
        Map<String, SodaServiceDescriptor.Parameter> p = byName(SodaServiceDescriptor.forDataset(
                "ivo://a/images?images:x.fits", 150.0, 2.2, 0.5, 5e-7, 6e-7, null, null));
        assertThat(p.get("ID").value()).isEqualTo("ivo://a/images?images:x.fits");
        assertThat(p.get("CIRCLE").max()).isEqualTo("150 2.2 0.25");
        assertThat(p.get("BAND").min()).isEqualTo("5e-07");
        assertThat(p.get("BAND").max()).isEqualTo("6e-07");
        assertThat(p).doesNotContainKey("TIME"); // no time coverage: TIME would select nothing
    }
}

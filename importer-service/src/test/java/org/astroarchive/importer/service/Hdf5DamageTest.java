package org.astroarchive.importer.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Found by suites/BadInputIT: a Gaia HDF5 file with a damaged superblock made jHDF throw ArithmeticException, which
 * ended the upload in a 500. Runtime exceptions thrown inside jHDF are now the file's fault (quarantine, 422).
 */
class Hdf5DamageTest {

    @Test
    void anExceptionThrownByJhdfThroughTheJdkIsTheFilesFault() {
        RuntimeException e = new ArithmeticException("integer overflow");
        e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.lang.Math", "toIntExact", "Math.java", 1),
                new StackTraceElement("io.jhdf.Superblock$SuperblockV2V3", "<init>", "Superblock.java", 1),
                new StackTraceElement("org.astroarchive.importer.service.IngestService", "publishHdf5Rows", "IngestService.java", 1)});
        assertThat(IngestService.thrownInside(e, "io.jhdf.")).isTrue();
    }

    @Test
    void anExceptionOfTheServiceItselfIsNot() {
        RuntimeException e = new IllegalStateException("kafka down");
        e.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.astroarchive.importer.messaging.IngestEvents", "send", "IngestEvents.java", 1)});
        assertThat(IngestService.thrownInside(e, "io.jhdf.")).isFalse();
    }
}

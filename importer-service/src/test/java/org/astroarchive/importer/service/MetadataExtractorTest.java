package org.astroarchive.importer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.astroarchive.importer.fits.FitsHeaders;
import org.junit.jupiter.api.Test;

class MetadataExtractorTest {

    private final CollectionDescription images = load();

    @Test
    void mapsWcsAndSizeOfTheAzpImageToObscoreColumns() throws Exception {
        File file = new File("src/test/resources/samples/fits/1904-66_AZP.fits");
        Map<String, Object> metadata = MetadataExtractor.extract(images, FitsHeaders.read(file, file.length()));

        assertThat(metadata).containsEntry("s_xel1", 192L).containsEntry("s_xel2", 192L)
                .containsEntry("s_ra", 0.0).containsEntry("s_dec", -90.0)
                .containsEntry("dataproduct_type", "image")
                .containsEntry("calib_level", 2)
                .doesNotContainKey("t_min");
    }

    @Test
    void takesKeywordsFromTheFirstHduThatHasThem() throws Exception {
        File file = new File("src/test/resources/samples/fits/science-mef.fits");
        Map<String, Object> metadata = MetadataExtractor.extract(images, FitsHeaders.read(file, file.length()));

        assertThat(metadata).containsEntry("s_xel1", 10L).containsEntry("s_xel2", 10L);
    }

    @Test
    void aTileCompressedImageIsMeasuredByItsImageNotByItsBinaryTable(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // FITS 4.0 §10: the compressed image is a binary table whose NAXIS1 is its row width; ZNAXISn are the image's
        File compressed = dir.resolve("tiled.fits").toFile();
        int[][] pixels = new int[30][50];
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 50; x++) {
                pixels[y][x] = x + y;
            }
        }
        nom.tam.fits.ImageHDU image = (nom.tam.fits.ImageHDU) nom.tam.fits.Fits.makeHDU(pixels);
        nom.tam.image.compression.hdu.CompressedImageHDU tiled = nom.tam.image.compression.hdu.CompressedImageHDU
                .fromImageHDU(image, 50, 10)
                .setCompressAlgorithm(nom.tam.fits.header.Compression.ZCMPTYPE_RICE_1);
        tiled.compress();
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits()) {
            fits.addHDU(nom.tam.fits.Fits.makeHDU(new nom.tam.fits.ImageData()));
            fits.addHDU(tiled);
            fits.write(compressed);
        }
        Map<String, Object> metadata = MetadataExtractor.extract(images, FitsHeaders.read(compressed, compressed.length()));

        assertThat(metadata).containsEntry("s_xel1", 50L).containsEntry("s_xel2", 30L);
    }

    @Test
    void convertsDateObsToMjd() {
        Map<String, Object> metadata = MetadataExtractor.extract(images, List.of(Map.of("DATE-OBS", "2000-01-01T12:00:00")));

        assertThat(metadata).containsEntry("t_min", 51544.5);
    }

    @Test
    void namesTheKeywordWhenAValueCannotBeConverted() {
        assertThatThrownBy(() -> MetadataExtractor.extract(images, List.of(Map.of("DATE-OBS", "yesterday"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATE-OBS").hasMessageContaining("t_min");
    }

    @Test
    void aUnitGivenOnlyInTheCommentPicksTheConversion(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // issue 3: non-standard files are handled by mapping rules (images.json), not by special cases in the reader
        assertThat(exposureOf(dir, 1500, "[ms] exposure time")).isEqualTo(1.5);
        assertThat(exposureOf(dir, 1500, "Exposure time in ms")).isEqualTo(1.5);
        assertThat(exposureOf(dir, 2, "exposure in minutes")).isEqualTo(120.0);
        // no rule matches: the value as written (an integer keyword stays one)
        assertThat(exposureOf(dir, 30, "[s] exposure time")).isEqualTo(30L);
        assertThat(exposureOf(dir, 30, "total of the frames (items: 3)")).isEqualTo(30L);
        assertThat(exposureOf(dir, 30, null)).isEqualTo(30L);
    }

    @Test
    void commentsAreReadableAsKeyComment(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        File file = fitsWithExposure(dir, 1500, "[ms] exposure time");
        Map<String, Object> primary = FitsHeaders.read(file, file.length()).get(0);

        assertThat(primary).containsEntry("EXPTIME", 1500L).containsEntry("EXPTIME/comment", "[ms] exposure time");
    }

    @Test
    void conditionsTestStartContentOrPattern() {
        assertThat(new CollectionDescription.Condition("CTYPE1", "RA", null, null).holds("RA---TAN")).isTrue();
        assertThat(new CollectionDescription.Condition("CTYPE1", "RA", null, null).holds("LINEAR")).isFalse();
        assertThat(new CollectionDescription.Condition("K/comment", null, "Milli", null).holds("in milliseconds")).isTrue();
        assertThat(new CollectionDescription.Condition("K/comment", null, null, "^\\[ms\\]").holds("[ms] time")).isTrue();
        assertThat(new CollectionDescription.Condition("K/comment", null, null, "^\\[ms\\]").holds("time [ms]")).isFalse();
        assertThat(new CollectionDescription.Condition("K", null, null, "x").holds(null)).isFalse();
    }

    @Test
    void badConditionsAreNamedWhenTheDescriptionIsChecked() {
        assertThat(new CollectionDescription.Condition("K", "a", "b", null).problem()).contains("exactly one of");
        assertThat(new CollectionDescription.Condition("K", null, null, null).problem()).contains("exactly one of");
        assertThat(new CollectionDescription.Condition("K", null, null, "[ms").problem()).contains("not a regular expression");
        assertThat(new CollectionDescription.Condition(null, "RA", null, null).problem()).contains("needs a \"keyword\"");
        assertThat(new CollectionDescription.Condition("K", null, null, "^\\[ms\\]").problem()).isNull();
    }

    private Object exposureOf(java.nio.file.Path dir, long exptime, String comment) throws Exception {
        File file = fitsWithExposure(dir, exptime, comment);
        return MetadataExtractor.extract(images, FitsHeaders.read(file, file.length())).get("t_exptime");
    }

    private static File fitsWithExposure(java.nio.file.Path dir, long exptime, String comment) throws Exception {
        nom.tam.fits.BasicHDU<?> hdu = nom.tam.fits.Fits.makeHDU(new int[4][4]);
        hdu.getHeader().addValue("EXPTIME", exptime, comment);
        File file = java.nio.file.Files.createTempFile(dir, "exposure", ".fits").toFile();
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits()) {
            fits.addHDU(hdu);
            fits.write(file);
        }
        return file;
    }

    private static CollectionDescription load() {
        try {
            return new ObjectMapper().readValue(new File("src/main/resources/collections/images.json"), CollectionDescription.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

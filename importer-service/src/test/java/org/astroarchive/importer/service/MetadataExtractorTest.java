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

    private static CollectionDescription load() {
        try {
            return new ObjectMapper().readValue(new File("src/main/resources/collections/images.json"), CollectionDescription.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

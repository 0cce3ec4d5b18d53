package org.astroarchive.datagen;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link GaiaGenerator} writes. The same options always give the same data.
 *
 * @param outputDir      folder written into (created if missing); existing files of the same names are replaced
 * @param sources        total number of sources, 1 to {@value #MAX_SOURCES}
 * @param sourcesPerFile sources per CompleteSource file, 1 to {@value #MAX_SOURCES_PER_FILE}; the transits of a
 *                       file's sources go to the AstroElementary and CrossMatch files of the same index
 * @param seed           seed of every random draw
 * @param seedBoxSources sources placed inside {@code seedBox}, all in the first file (0 for none)
 * @param seedBox        box of the reference query
 * @param compress       chunked datasets with shuffle + deflate; {@code false} writes contiguous datasets
 */
public record GaiaGeneratorOptions(Path outputDir, long sources, int sourcesPerFile, long seed, int seedBoxSources,
                                   SeedBox seedBox, boolean compress) {

    /** Keeps the transit offsets of the sources apart in the OBMT tick field (see {@link TransitSimulator}). */
    public static final long MAX_SOURCES = 10_000_000_000L;
    /**
     * One file's columns are held in memory; at 40 transits per source at most, 1,000,000 sources keep the
     * {@code ac_win_coord} dataset (40 bytes a row) under the 2 GiB a Java array can hold.
     */
    public static final int MAX_SOURCES_PER_FILE = 1_000_000;
    public static final int MAX_FILES = 1_000_000;
    public static final int DEFAULT_SOURCES_PER_FILE = 100_000;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_SEED_BOX_SOURCES = 5;

    public GaiaGeneratorOptions {
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(seedBox, "seedBox");
        if (sources < 1 || sources > MAX_SOURCES) {
            throw new IllegalArgumentException("sources must be within 1.." + MAX_SOURCES + ": " + sources);
        }
        if (sourcesPerFile < 1 || sourcesPerFile > MAX_SOURCES_PER_FILE) {
            throw new IllegalArgumentException(
                    "sources per file must be within 1.." + MAX_SOURCES_PER_FILE + ": " + sourcesPerFile);
        }
        if ((sources + sourcesPerFile - 1) / sourcesPerFile > MAX_FILES) {
            throw new IllegalArgumentException("at most " + MAX_FILES + " files: raise the sources per file");
        }
        if (seedBoxSources < 0 || seedBoxSources > Math.min(sources, sourcesPerFile)) {
            throw new IllegalArgumentException("seed-box sources must be within 0..min(sources, sources per file)"
                    + " since they all go to the first file: " + seedBoxSources);
        }
    }

    /** Defaults: 100,000 sources a file, seed 42, 5 sources in the reference query's box, compressed. */
    public static GaiaGeneratorOptions of(Path outputDir, long sources) {
        return new GaiaGeneratorOptions(outputDir, sources, DEFAULT_SOURCES_PER_FILE, DEFAULT_SEED,
                (int) Math.min(DEFAULT_SEED_BOX_SOURCES, Math.min(sources, DEFAULT_SOURCES_PER_FILE)),
                SeedBox.REFERENCE_QUERY, true);
    }

    public GaiaGeneratorOptions withSourcesPerFile(int perFile) {
        return new GaiaGeneratorOptions(outputDir, sources, perFile, seed, seedBoxSources, seedBox, compress);
    }

    public GaiaGeneratorOptions withSeed(long newSeed) {
        return new GaiaGeneratorOptions(outputDir, sources, sourcesPerFile, newSeed, seedBoxSources, seedBox, compress);
    }

    public GaiaGeneratorOptions withSeedBoxSources(int count) {
        return new GaiaGeneratorOptions(outputDir, sources, sourcesPerFile, seed, count, seedBox, compress);
    }

    public GaiaGeneratorOptions withCompress(boolean on) {
        return new GaiaGeneratorOptions(outputDir, sources, sourcesPerFile, seed, seedBoxSources, seedBox, on);
    }

    public GaiaGeneratorOptions withOutputDir(Path dir) {
        return new GaiaGeneratorOptions(dir, sources, sourcesPerFile, seed, seedBoxSources, seedBox, compress);
    }

    /**
     * Heap a run needs, roughly: one block's columns (~100 bytes a transit, 22.5 transits a source on average) plus
     * the copies jHDF makes while encoding, measured at about 6 KB a source (250,000 a file fails at -Xmx1g and
     * runs at -Xmx1536m).
     */
    public long estimatedHeapBytes() {
        return 64L * 1024 * 1024 + 6_000L * Math.min(sources, sourcesPerFile);
    }

    public int fileCount() {
        return (int) ((sources + sourcesPerFile - 1) / sourcesPerFile);
    }
}

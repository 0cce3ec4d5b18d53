package org.astroarchive.datagen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Writes Gaia-like HDF5 files: for each block of at most {@code sourcesPerFile} sources, {@code CompleteSource_NNN.h5}
 * with the sources, then {@code AstroElementary_NNN.h5} and {@code CrossMatch_NNN.h5} with their transits. One block
 * is in memory at a time; within it, one helper thread writes a file while the caller's thread works on another.
 * Every file is drawn from its own seeded stream, so the same options give the same values, and with the same jHDF
 * version on the same OS and architecture (jHDF records both in a {@code _jHDF} root attribute) the same bytes.
 */
public final class GaiaGenerator {

    /** Written in the {@code generator} attribute of every file. */
    public static final String GENERATOR = "archive-datagen GaiaGenerator";
    /** Bumped when the layout changes in a way an importer must know about. */
    public static final long FORMAT_VERSION = 1;

    private GaiaGenerator() {
    }

    public static GenerationReport generate(GaiaGeneratorOptions options) {
        return generate(options, file -> { });
    }

    /**
     * @param onFileWritten called after each file is closed, e.g. to print progress; called from two threads (the
     *                      caller's and one writer), one file at a time per thread
     */
    public static GenerationReport generate(GaiaGeneratorOptions options, Consumer<WrittenFile> onFileWritten) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(options.outputDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + options.outputDir(), e);
        }
        SourceSimulator sourceSimulator = new SourceSimulator(options);
        TransitSimulator transitSimulator = new TransitSimulator(options);
        List<WrittenFile> written = new ArrayList<>();
        // one helper thread writes a file while the caller's thread draws or writes the next one of the same block
        ExecutorService helper = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gaia-generator-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int k = 0; k < options.fileCount(); k++) {
                written.addAll(writeBlock(options, sourceSimulator, transitSimulator, k, helper, onFileWritten));
            }
        } finally {
            helper.shutdownNow();
        }
        return new GenerationReport(options, written, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One block of sources and their transits; a method of its own so that its columns die when it returns. */
    private static List<WrittenFile> writeBlock(GaiaGeneratorOptions options, SourceSimulator sourceSimulator,
                                                TransitSimulator transitSimulator, int k, ExecutorService helper,
                                                Consumer<WrittenFile> onFileWritten) {
        SourceBatch sources = sourceSimulator.simulate(k);
        Map<String, Object> sourceAttributes = commonAttributes(options, k, sources);
        sourceAttributes.put("seed_box_sources", (long) (k == 0 ? options.seedBoxSources() : 0));
        sourceAttributes.put("seed_box_alpha_min", options.seedBox().alphaMin());
        sourceAttributes.put("seed_box_alpha_max", options.seedBox().alphaMax());
        sourceAttributes.put("seed_box_delta_min", options.seedBox().deltaMin());
        sourceAttributes.put("seed_box_delta_max", options.seedBox().deltaMax());
        Object[] sourceColumns = sources.columns();
        int sourceCount = sources.size();
        Future<WrittenFile> pending = helper.submit(() -> write(options, GaiaTable.COMPLETE_SOURCE, k, sourceCount,
                sourceAttributes, sourceColumns, onFileWritten));
        try {
            TransitBatch transits = transitSimulator.simulate(k, sources);
            Map<String, Object> transitAttributes = commonAttributes(options, k, sources);
            transitAttributes.put("source_file", GaiaTable.COMPLETE_SOURCE.fileName(k, options.fileCount()));
            WrittenFile completeSource = await(pending);
            pending = helper.submit(() -> write(options, GaiaTable.CROSS_MATCH, k, transits.size(),
                    transitAttributes, transits.crossMatchColumns(), onFileWritten));
            WrittenFile astroElementary = write(options, GaiaTable.ASTRO_ELEMENTARY, k, transits.size(),
                    transitAttributes, transits.astroElementaryColumns(), onFileWritten);
            return List.of(completeSource, astroElementary, await(pending));
        } catch (RuntimeException | Error e) {
            // let the helper finish (or delete) its file: the caller may exit the JVM as soon as this returns
            awaitQuietly(pending);
            throw e;
        }
    }

    private static WrittenFile await(Future<WrittenFile> file) {
        try {
            return file.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void awaitQuietly(Future<WrittenFile> file) {
        try {
            file.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the caller reports its own failure
        }
    }

    private static Map<String, Object> commonAttributes(GaiaGeneratorOptions options, int fileIndex,
                                                        SourceBatch sources) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("generator", GENERATOR);
        a.put("format_version", FORMAT_VERSION);
        a.put("seed", options.seed());
        a.put("file_index", (long) fileIndex);
        a.put("file_count", (long) options.fileCount());
        a.put("total_sources", options.sources());
        a.put("source_count", (long) sources.size());
        a.put("source_id_min", sources.sourceId()[0]);
        a.put("source_id_max", sources.sourceId()[sources.size() - 1]);
        a.put("healpix_order", (long) Healpix.GAIA_ORDER);
        a.put("ref_epoch", 2016.0);
        return a;
    }

    private static WrittenFile write(GaiaGeneratorOptions options, GaiaTable table, int fileIndex, long rows,
                                     Map<String, Object> common, Object[] columns,
                                     Consumer<WrittenFile> onFileWritten) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("table", table.group());
        attributes.put("target_table", table.targetTable());
        attributes.put("row_count", rows);
        attributes.putAll(common);
        Path file = options.outputDir().resolve(table.fileName(fileIndex, options.fileCount()));
        long bytes = Hdf5TableWriter.write(file, table, attributes, columns, options.compress());
        WrittenFile written = new WrittenFile(file, table, fileIndex, rows, bytes);
        onFileWritten.accept(written);
        return written;
    }
}

package org.astroarchive.datagen;

import java.time.Duration;
import java.util.List;

/** What one {@link GaiaGenerator#generate} call wrote. */
public record GenerationReport(GaiaGeneratorOptions options, List<WrittenFile> files, Duration elapsed) {

    public GenerationReport {
        files = List.copyOf(files);
    }

    public long rows(GaiaTable table) {
        return files.stream().filter(f -> f.table() == table).mapToLong(WrittenFile::rows).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(WrittenFile::bytes).sum();
    }

    public List<WrittenFile> files(GaiaTable table) {
        return files.stream().filter(f -> f.table() == table).toList();
    }
}

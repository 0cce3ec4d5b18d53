package org.astroarchive.datagen;

import java.nio.file.Path;

/** One file written by {@link GaiaGenerator}. */
public record WrittenFile(Path path, GaiaTable table, int fileIndex, long rows, long bytes) {
}

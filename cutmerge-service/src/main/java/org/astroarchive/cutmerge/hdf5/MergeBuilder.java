package org.astroarchive.cutmerge.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * Collects selected rows of progenitor HDF5 groups and writes them as one file with the same group paths, dataset
 * names, element types, trailing dimensions and attributes. A "row dataset" of a group is one whose first dimension
 * is the group's row count (that of its key dataset); other datasets (scalars, lookup tables) and compound
 * datasets, which jHDF 0.13 cannot write, are left out.
 *
 * <p>jHDF writes a dataset whole from a Java array when the file closes, so the selection is held in memory: that
 * is what {@code cutmerge.max-rows} bounds.
 */
public final class MergeBuilder {

    /**
     * More runs than this in a filtered (e.g. deflate) dataset: read it once instead of decompressing the same chunks
     * again for each run. Unfiltered datasets are always read per run: a hyperslab of a contiguous or unfiltered
     * chunked dataset reads only its rows' bytes (10 random rows of a 100 MB file: 2.7 ms against 208 ms for whole
     * datasets, docs/performance.md).
     */
    static final int MAX_RUNS_PER_DATASET = 8;

    /** How the selected rows of one dataset are read. */
    public enum Reading {
        /** One hyperslab per contiguous run of rows. */
        PER_RUN,
        /** The whole dataset, once. */
        WHOLE;

        /** The cheaper reading of {@code runs} runs of {@code dataset}. */
        public static Reading of(Dataset dataset, int runs) {
            return runs > MAX_RUNS_PER_DATASET && !dataset.getFilters().isEmpty() ? WHOLE : PER_RUN;
        }
    }

    private final Map<String, GroupBuffer> groups = new LinkedHashMap<>();
    private final BiFunction<Dataset, Integer, Reading> reading;
    private final int progressRows;

    /** @param rowsPerGroup output rows of each group path, in the order the groups are written */
    public MergeBuilder(Map<String, Integer> rowsPerGroup) {
        this(rowsPerGroup, Reading::of, PROGRESS_ROWS);
    }

    /** A builder that reads as {@code reading} says and tells progress every {@code progressRows} (tests). */
    MergeBuilder(Map<String, Integer> rowsPerGroup, BiFunction<Dataset, Integer, Reading> reading, int progressRows) {
        rowsPerGroup.forEach((path, rows) -> groups.put(path, new GroupBuffer(path, rows)));
        this.reading = reading;
        this.progressRows = progressRows;
    }

    /** The group of a file, or an exception naming what is missing. */
    public static Group group(HdfFile file, String path) {
        Node node;
        try {
            node = file.getByPath(path);
        } catch (RuntimeException e) { // jHDF throws HdfInvalidPathException
            throw new IllegalStateException("the file has no group " + path, e);
        }
        if (!(node instanceof Group group)) {
            throw new IllegalStateException(path + " is not a group");
        }
        return group;
    }

    /** The values of a key dataset of a group, read whole. */
    public static Object keys(Group group, String keyColumn) {
        Node node = group.getChild(keyColumn);
        if (!(node instanceof Dataset dataset) || dataset.getDimensions().length != 1 || dataset.isCompound()) {
            throw new IllegalStateException(group.getPath() + " has no one-dimensional dataset " + keyColumn);
        }
        return dataset.getData();
    }

    /**
     * Rows read between two progress reports at most: a large selection reports its progress as it goes (async
     * jobs), and each batch still reads one hyperslab per contiguous run.
     */
    static final int PROGRESS_ROWS = 10_000;

    /** {@link #copy(Group, String, int, int[], int[], IntConsumer)} without progress reports. */
    public void copy(Group group, String path, int groupRows, int[] sourceRows, int[] outputRows) {
        copy(group, path, groupRows, sourceRows, outputRows, rows -> { });
    }

    /**
     * Copies row {@code sourceRows[i]} of every row dataset of {@code group} to output row {@code outputRows[i]} of
     * the group of the same path.
     *
     * @param groupRows the group's row count (its key dataset's length)
     * @param rowsCopied told the number of rows whose every dataset has been copied, after each batch
     * @throws IllegalStateException if the group's datasets differ from those of an earlier file of the same path
     */
    public void copy(Group group, String path, int groupRows, int[] sourceRows, int[] outputRows,
                     IntConsumer rowsCopied) {
        GroupBuffer buffer = groups.get(path);
        if (buffer == null) {
            throw new IllegalArgumentException("no output group " + path);
        }
        List<Dataset> datasets = rowDatasets(group, groupRows);
        buffer.initialise(group, datasets);
        List<int[]> runs = runs(sourceRows, outputRows);
        List<Dataset> perRun = new ArrayList<>();
        for (Dataset dataset : datasets) {
            ColumnBuffer column = buffer.columns.get(dataset.getName());
            if (column == null) {
                throw new IllegalStateException(path + "/" + dataset.getName() + " is in " + group.getFileAsPath()
                        .getFileName() + " but not in the first progenitor file of that group");
            }
            column.check(dataset);
            if (reading.apply(dataset, runs.size()) == Reading.WHOLE) {
                Object all = dataset.getData();
                for (int i = 0; i < sourceRows.length; i++) {
                    Array.set(column.values, outputRows[i], Array.get(all, sourceRows[i]));
                }
            } else {
                perRun.add(dataset);
            }
        }
        if (datasets.size() != buffer.columns.size()) {
            List<String> missing = new ArrayList<>(buffer.columns.keySet());
            datasets.forEach(d -> missing.remove(d.getName()));
            throw new IllegalStateException(group.getFileAsPath().getFileName() + " lacks " + path + "/" + missing
                    + " of the first progenitor file of that group");
        }
        // datasets read whole are done; the others in batches of runs, so that progress can be told
        int batchStart = 0;
        while (batchStart < runs.size()) {
            int batchEnd = batchStart;
            int batchRows = 0;
            while (batchEnd < runs.size() && (batchEnd == batchStart || batchRows + runs.get(batchEnd)[1] <= progressRows)) {
                batchRows += runs.get(batchEnd)[1];
                batchEnd++;
            }
            for (Dataset dataset : perRun) {
                ColumnBuffer column = buffer.columns.get(dataset.getName());
                for (int[] run : runs.subList(batchStart, batchEnd)) {
                    // start in file, length, index into sourceRows/outputRows of the first row
                    int[] shape = dataset.getDimensions().clone();
                    shape[0] = run[1];
                    long[] offset = new long[shape.length];
                    offset[0] = run[0];
                    Object slab = dataset.getData(offset, shape);
                    for (int j = 0; j < run[1]; j++) {
                        Array.set(column.values, outputRows[run[2] + j], Array.get(slab, j));
                    }
                }
            }
            rowsCopied.accept(batchRows);
            batchStart = batchEnd;
        }
    }

    /**
     * Writes the merged file: every group, then {@code /Provenance} with {@code provenance} (one array per dataset,
     * each with a description), and the root attributes.
     */
    public void write(Path out, Map<String, Object> rootAttributes, Map<String, Object> provenance,
                      Map<String, String> provenanceDescriptions) {
        try {
            Files.deleteIfExists(out);
            try (WritableHdfFile hdf = HdfFile.write(out)) {
                rootAttributes.forEach(hdf::putAttribute);
                Map<String, WritableGroup> created = new LinkedHashMap<>();
                for (GroupBuffer group : groups.values()) {
                    if (group.columns.isEmpty()) {
                        throw new IllegalStateException("no rows were copied into " + group.path);
                    }
                    WritableGroup target = createGroup(hdf, group.path, created);
                    group.attributes.forEach(target::putAttribute);
                    for (ColumnBuffer column : group.columns.values()) {
                        WritableDataset dataset = target.putDataset(column.name, column.values);
                        column.attributes.forEach(dataset::putAttribute);
                    }
                }
                WritableGroup target = hdf.putGroup("Provenance");
                target.putAttribute("description", "Where each row of this file comes from, in the order the rows "
                        + "were selected");
                provenance.forEach((name, values) -> target.putDataset(name, values)
                        .putAttribute("description", provenanceDescriptions.getOrDefault(name, name)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    private static WritableGroup createGroup(WritableHdfFile hdf, String path, Map<String, WritableGroup> created) {
        WritableGroup parent = null;
        StringBuilder sofar = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            sofar.append('/').append(part);
            WritableGroup existing = created.get(sofar.toString());
            if (existing == null) {
                existing = parent == null ? hdf.putGroup(part) : parent.putGroup(part);
                created.put(sofar.toString(), existing);
            }
            parent = existing;
        }
        if (parent == null) {
            throw new IllegalArgumentException("group path '" + path + "' names no group");
        }
        return parent;
    }

    private static List<Dataset> rowDatasets(Group group, int groupRows) {
        List<Dataset> datasets = new ArrayList<>();
        for (Node node : group) {
            if (node instanceof Dataset dataset && !dataset.isCompound() && !dataset.isScalar()
                    && !dataset.isVariableLength() && dataset.getDimensions().length >= 1
                    && dataset.getDimensions()[0] == groupRows) {
                datasets.add(dataset);
            }
        }
        return datasets;
    }

    /** Contiguous runs of source rows: {start, length, position of the first in the arrays}, sorted in place. */
    static List<int[]> runs(int[] sourceRows, int[] outputRows) {
        // sort the pairs by source row, keeping them paired
        long[] pairs = new long[sourceRows.length];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = ((long) sourceRows[i] << 32) | (outputRows[i] & 0xFFFFFFFFL);
        }
        Arrays.sort(pairs);
        for (int i = 0; i < pairs.length; i++) {
            sourceRows[i] = (int) (pairs[i] >>> 32);
            outputRows[i] = (int) pairs[i];
        }
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < sourceRows.length; ) {
            int j = i + 1;
            while (j < sourceRows.length && sourceRows[j] == sourceRows[j - 1] + 1) {
                j++;
            }
            runs.add(new int[] {sourceRows[i], j - i, i});
            i = j;
        }
        return runs;
    }

    static Map<String, Object> attributes(Node node) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Attribute attribute : node.getAttributes().values()) {
            if (!attribute.getName().startsWith("_jHDF") && !attribute.isEmpty()) {
                attributes.put(attribute.getName(), attribute.getData());
            }
        }
        return attributes;
    }

    private static final class GroupBuffer {
        final String path;
        final int rows;
        final Map<String, ColumnBuffer> columns = new LinkedHashMap<>();
        Map<String, Object> attributes = Map.of();
        boolean initialised;

        GroupBuffer(String path, int rows) {
            this.path = path;
            this.rows = rows;
        }

        /** The first file of a group decides its datasets, types and attributes. */
        void initialise(Group group, List<Dataset> datasets) {
            if (initialised) {
                return;
            }
            initialised = true;
            attributes = attributes(group);
            for (Dataset dataset : datasets) {
                columns.put(dataset.getName(), new ColumnBuffer(dataset, rows));
            }
        }
    }

    private static final class ColumnBuffer {
        final String name;
        final Class<?> javaType;
        final int[] trailing;
        final Object values;
        final Map<String, Object> attributes;

        ColumnBuffer(Dataset dataset, int rows) {
            name = dataset.getName();
            javaType = dataset.getJavaType();
            int[] dimensions = dataset.getDimensions();
            trailing = Arrays.copyOfRange(dimensions, 1, dimensions.length);
            // an element of the output array is a row: a value of a 1-d dataset, an array of an n-d one
            Class<?> element = javaType;
            for (int i = 0; i < trailing.length; i++) {
                element = element.arrayType();
            }
            values = Array.newInstance(element, rows);
            attributes = attributes(dataset);
        }

        void check(Dataset dataset) {
            int[] dimensions = dataset.getDimensions();
            if (!dataset.getJavaType().equals(javaType)
                    || !Arrays.equals(trailing, Arrays.copyOfRange(dimensions, 1, dimensions.length))) {
                throw new IllegalStateException(dataset.getPath() + " of " + dataset.getFileAsPath().getFileName()
                        + " is " + dataset.getJavaType().getSimpleName() + Arrays.toString(dimensions)
                        + ", unlike the same dataset of the first progenitor file (" + javaType.getSimpleName()
                        + " [n]" + (trailing.length == 0 ? "" : Arrays.toString(trailing)) + ")");
            }
        }
    }
}

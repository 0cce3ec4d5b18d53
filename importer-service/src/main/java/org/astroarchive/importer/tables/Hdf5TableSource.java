package org.astroarchive.importer.tables;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table stored in HDF5 with jHDF: either a group holding one dataset per column (all of the same length; a 2-D
 * dataset is an array column) or a compound dataset whose members are the columns. Units, UCDs and descriptions
 * come from the datasets' {@code unit}, {@code ucd} and {@code description} attributes when present.
 */
public final class Hdf5TableSource implements TableSource {

    private final String path;
    private final Map<String, Dataset> datasets = new LinkedHashMap<>();
    private final Map<String, Object> compound;
    private final long rowCount;

    private Hdf5TableSource(String path, Node node) {
        this.path = path;
        if (node instanceof Group group) {
            compound = null;
            for (Node child : group.getChildren().values()) {
                if (child instanceof Dataset dataset && !dataset.isScalar() && !dataset.isCompound()) {
                    datasets.put(child.getName(), dataset);
                }
            }
            if (datasets.isEmpty()) {
                throw new InvalidTableException("HDF5 group " + path + " holds no column datasets");
            }
        } else if (node instanceof Dataset dataset && dataset.isCompound()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) dataset.getData();
            compound = members;
        } else {
            throw new InvalidTableException("HDF5 object " + path + " is neither a group of column datasets nor a compound dataset");
        }
        rowCount = commonLength();
    }

    /**
     * @return the table at {@code path}, or empty if the file has no such object
     * @throws InvalidTableException if the object is there but is not a table
     */
    public static Optional<Hdf5TableSource> open(HdfFile file, String path) {
        Node node;
        try {
            node = file.getByPath(path);
        } catch (HdfException e) {
            return Optional.empty();
        }
        return Optional.of(new Hdf5TableSource(path, node));
    }

    private long commonLength() {
        long length = -1;
        for (String name : columnNames()) {
            long rows = compound != null ? Array.getLength(compound.get(name)) : datasets.get(name).getDimensionsAsLong()[0];
            if (length >= 0 && rows != length) {
                throw new InvalidTableException("HDF5 table " + path + ": column " + name + " has " + rows
                        + " rows but the columns before it have " + length);
            }
            length = rows;
        }
        return length;
    }

    @Override
    public long rowCount() {
        return rowCount;
    }

    @Override
    public List<String> columnNames() {
        return new ArrayList<>(compound != null ? compound.keySet() : datasets.keySet());
    }

    @Override
    public Optional<SourceColumn> column(String name) {
        if (compound != null) {
            Object values = compound.get(name);
            return values == null ? Optional.empty()
                    : Optional.of(new SourceColumn(name, datatype(values.getClass().getComponentType()), arraysizeOf(values),
                            null, null, null));
        }
        Dataset dataset = datasets.get(name);
        if (dataset == null) {
            return Optional.empty();
        }
        int[] dims = dataset.getDimensions();
        String arraysize = dims.length == 2 ? Integer.toString(dims[1]) : null;
        if (dims.length > 2) {
            throw new InvalidTableException("HDF5 dataset " + dataset.getPath() + " has " + dims.length
                    + " dimensions; a column has 1 (scalars) or 2 (fixed arrays)");
        }
        return Optional.of(new SourceColumn(name, datatype(dataset.getJavaType()), arraysize, text(dataset, "unit"),
                text(dataset, "ucd"), text(dataset, "description")));
    }

    @Override
    public Object read(String column, long first, int count) {
        if (compound != null) {
            Object all = compound.get(column);
            Object slice = Array.newInstance(all.getClass().getComponentType(), count);
            System.arraycopy(all, Math.toIntExact(first), slice, 0, count);
            return slice;
        }
        Dataset dataset = datasets.get(column);
        int[] dims = dataset.getDimensions();
        try {
            if (dims.length == 1) {
                return dataset.getData(new long[] {first}, new int[] {count});
            }
            return dataset.getData(new long[] {first, 0}, new int[] {count, dims[1]});
        } catch (HdfException | IllegalArgumentException e) {
            throw new InvalidTableException("cannot read rows " + first + ".." + (first + count - 1) + " of HDF5 dataset "
                    + dataset.getPath() + ": " + e.getMessage());
        }
    }

    private static String arraysizeOf(Object values) {
        if (Array.getLength(values) > 0 && values.getClass().getComponentType().isArray()) {
            return Integer.toString(Array.getLength(Array.get(values, 0)));
        }
        return null;
    }

    private static String datatype(Class<?> type) {
        Class<?> element = type.isArray() ? type.getComponentType() : type;
        if (element == double.class || element == Double.class) {
            return "double";
        } else if (element == float.class || element == Float.class) {
            return "float";
        } else if (element == long.class || element == Long.class) {
            return "long";
        } else if (element == int.class || element == Integer.class) {
            return "int";
        } else if (element == short.class || element == Short.class || element == byte.class || element == Byte.class) {
            return "short";
        } else if (element == boolean.class || element == Boolean.class) {
            return "boolean";
        }
        return "char";
    }

    private static String text(Node node, String attribute) {
        Attribute value = node.getAttribute(attribute);
        if (value == null || !value.isScalar()) {
            return null;
        }
        Object data = value.getData();
        return data instanceof String s && !s.isBlank() ? s.trim() : null;
    }
}

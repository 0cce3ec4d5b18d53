package org.astroarchive.datagen;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.message.DataLayout;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A generated file read back with jHDF, as the importer will read it; the values are copied before closing. */
record HdfTable(Path path, Map<String, Object> attributes, Map<String, Object> groupAttributes,
                Map<String, Column> columns) {

    record Column(Object data, Class<?> javaType, int[] dimensions, int typeSize, DataLayout layout,
                  String filters, Map<String, Object> attributes) {
    }

    static HdfTable read(Path path, GaiaTable table) {
        try (HdfFile file = new HdfFile(path)) {
            Node node = file.getChild(table.group());
            if (!(node instanceof Group group)) {
                throw new AssertionError(path + " has no group " + table.group());
            }
            Map<String, Column> columns = new LinkedHashMap<>();
            for (Node child : group.getChildren().values()) {
                Dataset d = (Dataset) child;
                columns.put(d.getName(), new Column(d.getData(), d.getJavaType(), d.getDimensions(),
                        d.getDataType().getSize(), d.getDataLayout(), d.getFilters().toString(),
                        attributes(d.getAttributes())));
            }
            return new HdfTable(path, attributes(file.getAttributes()), attributes(group.getAttributes()), columns);
        }
    }

    private static Map<String, Object> attributes(Map<String, Attribute> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> values.put(name, attribute.getData()));
        return values;
    }

    long[] longs(String column) {
        return (long[]) column(column).data();
    }

    double[] doubles(String column) {
        return (double[]) column(column).data();
    }

    int[] ints(String column) {
        return (int[]) column(column).data();
    }

    int[][] intRows(String column) {
        return (int[][]) column(column).data();
    }

    Column column(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw new AssertionError(path + " has no dataset " + name + "; it has " + columns.keySet());
        }
        return column;
    }

    long longAttribute(String name) {
        return (Long) attributes.get(name);
    }
}

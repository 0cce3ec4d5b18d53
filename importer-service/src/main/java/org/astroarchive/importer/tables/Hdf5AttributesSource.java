package org.astroarchive.importer.tables;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One row describing an HDF5 object (a file-level table, e.g. a simulation snapshot): its attributes and a few
 * values derived from its structure. The object is the mapping's {@code source} path; a path component may hold
 * {@code *} (e.g. {@code /Timestep_*}, as PLUTO numbers the group of each output), which must match exactly one
 * child.
 *
 * <p>Column names (a column mapping's {@code source}), where {@code PATH} is relative to the object, or absolute
 * when it starts with {@code /}, and may hold {@code *} too:
 * <ul>
 *   <li>{@code NAME}: attribute NAME of the object; {@code PATH@NAME}: attribute NAME of the object at PATH;</li>
 *   <li>{@code #name}: the object's own name; {@code #number}: the integer its name ends with (Timestep_12: 12);</li>
 *   <li>{@code PATH#datasets}: the names of the datasets of group PATH, comma-separated, in file order;</li>
 *   <li>{@code PATH#shape}, {@code PATH#ndim}, {@code PATH#size}: dimensions of dataset PATH, slowest-varying first,
 *       joined by {@code x} (e.g. {@code 16x16}); their number; the number of elements.</li>
 * </ul>
 * A scalar or one-element attribute is a scalar column, a numeric array attribute an array column, an array of
 * strings one comma-separated text.
 */
public final class Hdf5AttributesSource implements TableSource {

    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");
    private static final List<String> DERIVED = List.of("name", "number", "datasets", "shape", "ndim", "size");

    private final HdfFile file;
    private final Node node;
    private final String source;
    /** Resolved columns: absent values are not cached, so a missing column is looked up again (cheap). */
    private final Map<String, Cell> cells = new HashMap<>();

    /** One value: a one-row array for {@link #read} and its VOTable datatype and arraysize. */
    private record Cell(Object oneRow, String datatype, String arraysize) {
    }

    private Hdf5AttributesSource(HdfFile file, Node node, String source) {
        this.file = file;
        this.node = node;
        this.source = source;
    }

    /**
     * @return the object at {@code path}, or empty if the file has none
     * @throws InvalidTableException if a {@code *} in the path matches several objects
     */
    public static Optional<Hdf5AttributesSource> open(HdfFile file, String path) {
        return find(file, null, path).map(node -> new Hdf5AttributesSource(file, node, path));
    }

    @Override
    public long rowCount() {
        return 1;
    }

    @Override
    public Optional<SourceColumn> column(String name) {
        Cell cell = cell(name);
        return cell == null ? Optional.empty()
                : Optional.of(new SourceColumn(name, cell.datatype(), cell.arraysize(), null, null, null));
    }

    @Override
    public List<String> columnNames() {
        List<String> names = new ArrayList<>(node.getAttributes().keySet());
        names.add("#name");
        names.add("#number");
        return names;
    }

    @Override
    public Object read(String column, long first, int count) {
        Cell cell = cell(column);
        if (cell == null || first != 0 || count != 1) {
            throw new InvalidTableException("HDF5 object " + node.getPath() + " gives one row; asked for column '" + column
                    + "' rows " + first + ".." + (first + count - 1));
        }
        return cell.oneRow();
    }

    private Cell cell(String name) {
        Cell cached = cells.get(name);
        if (cached == null) {
            cached = resolve(name);
            if (cached != null) {
                cells.put(name, cached);
            }
        }
        return cached;
    }

    private Cell resolve(String name) {
        int hash = name.lastIndexOf('#');
        if (hash >= 0) {
            String derived = name.substring(hash + 1);
            if (!DERIVED.contains(derived)) {
                throw new InvalidTableException("'" + name + "' asks for an unknown derived value of " + source
                        + ": known are " + DERIVED.stream().map(d -> "#" + d).toList());
            }
            String path = name.substring(0, hash);
            if (path.isEmpty()) {
                return derived.equals("name") ? text(node.getName()) : derived.equals("number") ? number(node.getName()) : null;
            }
            return find(file, node, path).map(target -> derived(target, derived)).orElse(null);
        }
        int at = name.lastIndexOf('@');
        Node owner = at < 0 ? node : find(file, node, name.substring(0, at)).orElse(null);
        String attribute = at < 0 ? name : name.substring(at + 1);
        Attribute value = owner == null ? null : owner.getAttribute(attribute);
        return value == null || value.isEmpty() ? null : attribute(value);
    }

    private static Cell derived(Node target, String derived) {
        if (derived.equals("name")) {
            return text(target.getName());
        } else if (derived.equals("number")) {
            return number(target.getName());
        } else if (derived.equals("datasets")) {
            return target instanceof Group group ? text(group.getChildren().values().stream()
                    .filter(Dataset.class::isInstance).map(Node::getName).collect(Collectors.joining(","))) : null;
        }
        if (!(target instanceof Dataset dataset)) {
            return null;
        }
        long[] dims = dataset.getDimensionsAsLong();
        return switch (derived) {
            case "shape" -> text(Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining("x")));
            case "ndim" -> new Cell(new long[] {dims.length}, "long", null);
            default -> new Cell(new long[] {Arrays.stream(dims).reduce(1, (a, b) -> a * b)}, "long", null);
        };
    }

    private static Cell number(String name) {
        Matcher matcher = TRAILING_NUMBER.matcher(name);
        return matcher.find() ? new Cell(new long[] {Long.parseLong(matcher.group(1))}, "long", null) : null;
    }

    private static Cell text(String value) {
        return new Cell(new String[] {value}, "char", null);
    }

    private Cell attribute(Attribute attribute) {
        Object data;
        try {
            data = attribute.getData();
        } catch (HdfException | UnsupportedOperationException e) {
            throw new InvalidTableException("cannot read attribute " + attribute.getName() + " of HDF5 object "
                    + attribute.getNode().getPath() + ": " + e.getMessage());
        }
        if (data.getClass().isArray()) {
            if (Array.getLength(data) == 0 || data.getClass().getComponentType().isArray()) {
                return null; // empty or multi-dimensional: no column value
            }
            if (Array.getLength(data) == 1) {
                data = Array.get(data, 0);
            } else if (!data.getClass().getComponentType().isPrimitive()) {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < Array.getLength(data); i++) {
                    parts.add(String.valueOf(Array.get(data, i)).trim());
                }
                return text(String.join(",", parts));
            } else {
                Object oneRow = Array.newInstance(data.getClass(), 1);
                Array.set(oneRow, 0, data);
                return new Cell(oneRow, datatype(data.getClass().getComponentType()), Integer.toString(Array.getLength(data)));
            }
        }
        if (data instanceof Double d) {
            return new Cell(new double[] {d}, "double", null);
        } else if (data instanceof Float f) {
            return new Cell(new float[] {f}, "float", null);
        } else if (data instanceof Long l) {
            return new Cell(new long[] {l}, "long", null);
        } else if (data instanceof Integer i) {
            return new Cell(new int[] {i}, "int", null);
        } else if (data instanceof Short || data instanceof Byte) {
            return new Cell(new short[] {((Number) data).shortValue()}, "short", null);
        } else if (data instanceof Boolean b) {
            return new Cell(new boolean[] {b}, "boolean", null);
        }
        return text(data.toString().replace("\0", "").trim());
    }

    private static String datatype(Class<?> element) {
        if (element == double.class) {
            return "double";
        } else if (element == float.class) {
            return "float";
        } else if (element == long.class) {
            return "long";
        } else if (element == int.class) {
            return "int";
        } else if (element == boolean.class) {
            return "boolean";
        }
        return "short";
    }

    /**
     * The object at {@code path}, relative to {@code from} (absolute if it starts with "/" or {@code from} is null);
     * a component holding {@code *} matches any run of characters within one name.
     */
    private static Optional<Node> find(HdfFile file, Node from, String path) {
        Node current = path.startsWith("/") || from == null ? file : from;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!(current instanceof Group group)) {
                return Optional.empty();
            }
            try {
                if (part.contains("*")) {
                    Pattern glob = Pattern.compile(Arrays.stream(part.split("\\*", -1)).map(Pattern::quote)
                            .collect(Collectors.joining(".*")));
                    List<Node> matches = group.getChildren().values().stream()
                            .filter(child -> glob.matcher(child.getName()).matches()).toList();
                    if (matches.size() > 1) {
                        throw new InvalidTableException("'" + path + "' is ambiguous: " + part + " matches "
                                + matches.stream().map(Node::getName).toList() + " in " + group.getPath());
                    }
                    current = matches.isEmpty() ? null : matches.get(0);
                } else {
                    current = group.getChild(part);
                }
            } catch (HdfException e) {
                return Optional.empty();
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }
}

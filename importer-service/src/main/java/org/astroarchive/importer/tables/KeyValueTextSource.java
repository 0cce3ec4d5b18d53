package org.astroarchive.importer.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row from the leading {@code key = value} lines of a text file, such as a RAMSES {@code info_00001.txt}:
 * blank lines are skipped, reading stops at the first other line that is not {@code key = value} (RAMSES: the
 * {@code DOMAIN} table). A key may hold spaces ({@code ordering type=hilbert}); it is found as written, else ignoring
 * case ({@code H0} or {@code h0}). An integer value is a {@code long}, a decimal one (Fortran {@code D} exponents
 * too) a {@code double}, anything else text. If a key repeats, its first value counts.
 */
public final class KeyValueTextSource implements TableSource {

    /** Only the header is read: a file whose first lines are longer than this is not such a text file. */
    static final int MAX_LINE_CHARS = 4096;
    private static final Pattern PAIR = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.()\\- ]*?)\\s*=\\s*(\\S.*?)\\s*");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eEdD][+-]?\\d+)?");

    private final Map<String, Object> values;

    private KeyValueTextSource(Map<String, Object> values) {
        this.values = values;
    }

    /** @throws InvalidTableException if the file is not text or does not start with {@code key = value} lines */
    public static KeyValueTextSource read(Path file) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        int lineNumber = 0;
        try (InputStream in = Files.newInputStream(file);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            String line;
            while ((line = readLine(reader, lineNumber + 1)) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Matcher pair = PAIR.matcher(line);
                if (!pair.matches()) {
                    if (values.isEmpty()) {
                        throw new InvalidTableException("not a key = value text file: line " + lineNumber + " is '"
                                + abbreviate(line) + "'");
                    }
                    break;
                }
                values.putIfAbsent(pair.group(1), value(pair.group(2)));
            }
        } catch (CharacterCodingException e) {
            throw new InvalidTableException("not a text file: the bytes after line " + lineNumber + " are not UTF-8 text");
        }
        if (values.isEmpty()) {
            throw new InvalidTableException("not a key = value text file: no key = value line in " + lineNumber + " lines");
        }
        return new KeyValueTextSource(values);
    }

    @Override
    public long rowCount() {
        return 1;
    }

    @Override
    public Optional<SourceColumn> column(String name) {
        return key(name).map(key -> {
            Object value = values.get(key);
            String datatype = value instanceof Long ? "long" : value instanceof Double ? "double" : "char";
            return new SourceColumn(key, datatype, null, null, null, null);
        });
    }

    @Override
    public List<String> columnNames() {
        return new ArrayList<>(values.keySet());
    }

    @Override
    public Object read(String column, long first, int count) {
        String key = key(column).orElse(null);
        if (key == null || first != 0 || count != 1) {
            throw new InvalidTableException("a key = value text file gives one row; asked for '" + column + "' rows "
                    + first + ".." + (first + count - 1));
        }
        Object value = values.get(key);
        if (value instanceof Long l) {
            return new long[] {l};
        } else if (value instanceof Double d) {
            return new double[] {d};
        }
        return new String[] {(String) value};
    }

    private Optional<String> key(String name) {
        if (values.containsKey(name)) {
            return Optional.of(name);
        }
        return values.keySet().stream().filter(key -> key.equalsIgnoreCase(name)).findFirst();
    }

    private static Object value(String text) {
        if (INTEGER.matcher(text).matches()) {
            return Long.parseLong(text);
        } else if (DECIMAL.matcher(text).matches()) {
            // Fortran writes 0.1D+01 for double precision
            return Double.parseDouble(text.replace('d', 'e').replace('D', 'E'));
        }
        return text;
    }

    /** A line without its end, or null at the end of the file; refuses long lines and control characters. */
    private static String readLine(Reader reader, int lineNumber) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                return line.toString();
            } else if (c == '\r') {
                continue;
            } else if (c < 0x20 && c != '\t') {
                throw new InvalidTableException("not a text file: line " + lineNumber + " holds the control character 0x"
                        + Integer.toHexString(c));
            }
            line.append((char) c);
            if (line.length() > MAX_LINE_CHARS) {
                throw new InvalidTableException("not a key = value text file: line " + lineNumber + " is longer than "
                        + MAX_LINE_CHARS + " characters");
            }
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static String abbreviate(String line) {
        String trimmed = line.strip();
        return trimmed.length() > 80 ? trimmed.substring(0, 80) + "..." : trimmed;
    }
}

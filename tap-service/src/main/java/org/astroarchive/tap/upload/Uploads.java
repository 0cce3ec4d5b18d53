package org.astroarchive.tap.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.astroarchive.tap.config.TapConfig;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.FileDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

/** TAP 1.1 §2.5 uploads: the UPLOAD parameter, reading the VOTables, and loading them into the query's transaction. */
public final class Uploads {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,30}");
    private static final int BATCH = 1000;

    private Uploads() {
    }

    /**
     * Parses {@code UPLOAD=name,param:part[;name,param:part...]} and reads each part's VOTable.
     *
     * @param parts the files sent inline, by part name
     */
    public static List<UploadedTable> read(String upload, Map<String, Path> parts, TapConfig config) throws UploadException {
        if (upload == null || upload.isBlank()) {
            return List.of();
        }
        Map<String, UploadedTable> tables = new LinkedHashMap<>();
        for (String item : upload.split(";")) {
            String[] nameAndUri = item.trim().split(",", 2);
            if (nameAndUri.length != 2 || !NAME.matcher(nameAndUri[0].trim()).matches()) {
                throw new UploadException("UPLOAD item '" + item + "' is not name,uri with an ADQL table name",
                        "write UPLOAD=mytable,param:mypart and send the VOTable as the multipart part mypart");
            }
            String name = nameAndUri[0].trim();
            String uri = nameAndUri[1].trim();
            UploadedTable table;
            if (uri.startsWith("param:")) {
                Path file = parts.get(uri.substring("param:".length()));
                if (file == null) {
                    throw new UploadException("upload '" + name + "' names the part '" + uri.substring(6) + "', which the request does not contain",
                            "send a multipart/form-data request with a file part of that name");
                }
                table = readVotable(name, file, config);
            } else if (uri.startsWith("http://") || uri.startsWith("https://")) {
                Path file = UrlFetcher.fetch(name, uri, config);
                try {
                    table = readVotable(name, file, config);
                } finally {
                    file.toFile().delete();
                }
            } else {
                throw new UploadException("upload '" + name + "': " + uri + " is neither param: nor an http(s) URL",
                        "send the VOTable inline (param:partname) or give an http or https URL");
            }
            if (tables.put(name.toLowerCase(), table) != null) {
                throw new UploadException("upload '" + name + "' is given twice", "give each uploaded table its own name");
            }
        }
        return List.copyOf(tables.values());
    }

    private static UploadedTable readVotable(String name, Path file, TapConfig config) throws UploadException {
        try {
            if (Files.size(file) > config.uploadMaxBytes()) {
                throw new UploadException("upload '" + name + "' has " + Files.size(file) + " bytes, more than the limit of "
                        + config.uploadMaxBytes(), "upload fewer rows or columns", true);
            }
            refuseDocumentTypes(name, file);
            // the rows go to disk if large, never to the heap as a whole
            StarTable table = new VOTableBuilder().makeStarTable(new FileDataSource(file.toFile()), true, StoragePolicy.PREFER_DISK);
            if (table == null || table.getColumnCount() == 0) {
                throw new UploadException("upload '" + name + "' contains no table", "send a VOTable with one TABLE element");
            }
            if (table.getRowCount() > config.uploadMaxRows()) {
                throw new UploadException("upload '" + name + "' has " + table.getRowCount() + " rows, more than the limit of "
                        + config.uploadMaxRows(), "upload fewer rows", true);
            }
            return UploadedTable.of(name, table);
        } catch (IOException | RuntimeException e) {
            // STIL reports some damage (bad base64 in a BINARY2 stream) as runtime exceptions
            throw new UploadException("upload '" + name + "' is not a readable VOTable: " + readable(e),
                    "send a valid VOTable (checked with stilts votlint)");
        }
    }

    /**
     * Found by suites/SecurityIT: STIL's parser resolved external entities, so a DOCTYPE declaring
     * {@code <!ENTITY x SYSTEM "file:///etc/passwd">} put the server's files into the query result (XXE), and nested
     * internal entities can expand without bound. VOTable is defined by an XML schema, not a DTD: any DOCTYPE in the
     * prolog (before the root element) is refused before the document is parsed.
     */
    static void refuseDocumentTypes(String name, Path file) throws IOException, UploadException {
        byte[] head = new byte[(int) Math.min(Files.size(file), 65536)];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            // NULs removed: the same test then holds for UTF-16 documents
            String prolog = new String(head, 0, read, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\0", "");
            java.util.regex.Matcher root = ROOT_ELEMENT.matcher(prolog);
            if (root.find()) {
                prolog = prolog.substring(0, root.start());
            }
            if (prolog.contains("<!DOCTYPE") || prolog.contains("<!ENTITY")) {
                throw new UploadException("upload '" + name + "' declares a document type (<!DOCTYPE>), which is not accepted",
                        "VOTable needs no DTD: remove the DOCTYPE declaration and any entities");
            }
        }
    }

    private static final Pattern ROOT_ELEMENT = Pattern.compile("<[A-Za-z_]");

    private static String readable(Exception e) {
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() != null ? innermost.getMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            return "it could not be parsed";
        }
        return message.replaceAll("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*(Exception|Error):\\s*", "")
                .replaceFirst("^Can't overwrite cause with ", "");
    }

    /** Creates the temporary tables in the connection's open transaction and inserts the rows. */
    public static void load(Connection connection, List<UploadedTable> uploads) throws SQLException, IOException {
        for (UploadedTable upload : uploads) {
            List<String> definitions = new ArrayList<>();
            List<String> placeholders = new ArrayList<>();
            for (UploadedTable.Column column : upload.columns()) {
                definitions.add('"' + column.name() + "\" " + column.sqlType());
                placeholders.add("?");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE " + upload.sqlName() + " (" + String.join(", ", definitions) + ") ON COMMIT DROP");
            }
            String insert = "INSERT INTO " + upload.sqlName() + " VALUES (" + String.join(", ", placeholders) + ")";
            try (PreparedStatement statement = connection.prepareStatement(insert); RowSequence rows = upload.table().getRowSequence()) {
                int pending = 0;
                while (rows.next()) {
                    Object[] row = rows.getRow();
                    for (int i = 0; i < row.length; i++) {
                        statement.setObject(i + 1, sqlValue(connection, upload.columns().get(i), row[i]));
                    }
                    statement.addBatch();
                    if (++pending == BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + upload.sqlName());
            }
        }
    }

    private static Object sqlValue(Connection connection, UploadedTable.Column column, Object value) throws SQLException {
        if (value == null || (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN())) {
            return null;
        }
        if (value instanceof double[] doubles) {
            Array array = connection.createArrayOf("float8", java.util.Arrays.stream(doubles).boxed().toArray());
            return array;
        }
        if (value instanceof float[] floats) {
            Double[] boxed = new Double[floats.length];
            for (int i = 0; i < floats.length; i++) {
                boxed[i] = (double) floats[i];
            }
            return connection.createArrayOf("float8", boxed);
        }
        if (column.sqlType().equals("text") && !(value instanceof String)) {
            return value.toString();
        }
        if (value instanceof Byte b) {
            return b.shortValue();
        }
        return value;
    }
}

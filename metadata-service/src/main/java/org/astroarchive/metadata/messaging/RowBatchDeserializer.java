package org.astroarchive.metadata.messaging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.astroarchive.contracts.RowBatch;

/**
 * Reads a {@link org.astroarchive.contracts.RowBatch} JSON record straight into COPY text: the rows are streamed
 * token by token, never held as Java objects, since ingestion speed is bounded by this step.
 */
public class RowBatchDeserializer implements Deserializer<StagedBatch> {

    /** Only the small header is bound to objects; the rows are read token by token. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Override
    public StagedBatch deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (JsonParser parser = JSON.getFactory().createParser(data)) {
            return read(parser);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a RowBatch record: " + e.getMessage(), e);
        }
    }

    private static StagedBatch read(JsonParser parser) throws IOException {
        String did = null;
        String md5 = null;
        String table = null;
        int batch = -1;
        int batchCount = -1;
        long firstRow = -1;
        List<String> columns = new ArrayList<>();
        StringBuilder copy = new StringBuilder();
        int rows = 0;
        RowBatch.Header header = null;
        expect(parser.nextToken(), JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "did" -> did = parser.getValueAsString();
                case "md5" -> md5 = parser.getValueAsString();
                case "table" -> table = parser.getValueAsString();
                case "batch" -> batch = parser.getIntValue();
                case "batchCount" -> batchCount = parser.getIntValue();
                case "firstRow" -> firstRow = parser.getLongValue();
                case "header" -> header = value == JsonToken.VALUE_NULL ? null : parser.readValueAs(RowBatch.Header.class);
                case "columns" -> {
                    expect(value, JsonToken.START_ARRAY);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        columns.add(parser.getValueAsString());
                    }
                }
                case "rows" -> {
                    expect(value, JsonToken.START_ARRAY);
                    while (parser.nextToken() == JsonToken.START_ARRAY) {
                        rows += 1;
                        boolean firstCell = true;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            if (!firstCell) {
                                copy.append('\t');
                            }
                            firstCell = false;
                            appendCell(parser, copy);
                        }
                        copy.append('\n');
                    }
                }
                default -> parser.skipChildren(); // fields added later inside version 1
            }
        }
        if (did == null || md5 == null || table == null || batch < 0 || batchCount <= batch || firstRow < 0 || columns.isEmpty()) {
            throw new IllegalArgumentException("did, md5, table, batch < batchCount, firstRow and columns are required");
        }
        return new StagedBatch(did, md5, table, batch, batchCount, firstRow, rows, List.copyOf(columns), copy.toString(), header);
    }

    /** COPY text format (PostgreSQL docs, COPY "Text Format"): backslash escapes, \N for null, arrays as {a,b}. */
    private static void appendCell(JsonParser parser, StringBuilder copy) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_NULL -> copy.append("\\N");
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> copy.append(parser.getText());
            case VALUE_TRUE -> copy.append('t');
            case VALUE_FALSE -> copy.append('f');
            case VALUE_STRING -> escape(parser.getText(), copy);
            case START_ARRAY -> {
                StringBuilder array = new StringBuilder("{");
                boolean first = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (!first) {
                        array.append(',');
                    }
                    first = false;
                    JsonToken element = parser.currentToken();
                    if (element == JsonToken.VALUE_NULL) {
                        array.append("NULL");
                    } else if (element == JsonToken.VALUE_STRING) {
                        array.append('"').append(parser.getText().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                    } else if (element.isScalarValue()) {
                        array.append(parser.getText());
                    } else {
                        throw new IllegalArgumentException("nested arrays and objects are not cell values");
                    }
                }
                escape(array.append('}').toString(), copy);
            }
            default -> throw new IllegalArgumentException("a cell cannot be " + token);
        }
    }

    private static void escape(String text, StringBuilder copy) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> copy.append("\\\\");
                case '\t' -> copy.append("\\t");
                case '\n' -> copy.append("\\n");
                case '\r' -> copy.append("\\r");
                default -> copy.append(c);
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
        }
    }
}

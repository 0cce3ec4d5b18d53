package org.astroarchive.metadata.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.metadata.config.MetadataConfig;
import org.astroarchive.metadata.repository.CatalogRepository;

/**
 * Turns a {@link FileIngested} into the file's catalogue entry and its row of the target table. Column names and
 * types come from TAP_SCHEMA, so what is stored is exactly what TAP publishes.
 */
@ApplicationScoped
public class FileCatalog {

    static final String OBSCORE = "ivoa.obscore";

    private final CatalogRepository repository;
    private final MetadataConfig config;

    public FileCatalog(CatalogRepository repository, MetadataConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Stores the file and its row; a file already stored with the same md5 changes nothing. */
    public Uni<Void> store(FileIngested event) {
        if (!OBSCORE.equals(event.targetTable())) {
            return Uni.createFrom().failure(new InvalidMetadataException("target table '" + event.targetTable()
                    + "' is not supported; supported: " + OBSCORE));
        }
        return repository.publishedColumns(OBSCORE)
                .map(columns -> obscoreRow(event, columns))
                .chain(row -> repository.upsert(event, OBSCORE, "obs_publisher_did", row));
    }

    /** ObsCore 1.1 row: the extracted metadata plus the identifiers and access columns derived from the DID. */
    Map<String, Object> obscoreRow(FileIngested event, Map<String, String> datatypes) {
        Did did = Did.parse(event.did());
        String publisherDid = "ivo://" + config.authority() + "/" + event.collection() + "?" + did;
        Map<String, Object> row = new LinkedHashMap<>();
        event.metadata().forEach((column, value) -> row.put(column, value));
        row.putIfAbsent("obs_collection", event.collection());
        row.put("obs_id", did.name());
        row.put("obs_publisher_did", publisherDid);
        // ObsCore 1.1 §4.7: access_url may point at a DataLink document describing the dataset's links.
        row.put("access_url", config.publicUrl() + "/datalink?ID=" + URLEncoder.encode(publisherDid, StandardCharsets.UTF_8));
        row.put("access_format", MediaTypes.DATALINK);
        row.put("access_estsize", (event.bytes() + 1023) / 1024);
        if (row.get("calib_level") == null) {
            throw new InvalidMetadataException("mandatory column calib_level has no value for " + event.did()
                    + ": give it a default in the '" + event.collection() + "' collection description");
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        row.forEach((column, value) -> typed.put(column, typed(column, value, datatypes)));
        return typed;
    }

    private static Object typed(String column, Object value, Map<String, String> datatypes) {
        String datatype = datatypes.get(column);
        if (datatype == null) {
            throw new InvalidMetadataException("'" + column + "' is not a column of " + OBSCORE
                    + "; the collection description must name one of " + datatypes.keySet());
        }
        if (value == null) {
            return null;
        }
        try {
            return switch (datatype) {
                case "double", "float" -> number(value).doubleValue();
                case "long" -> exact(number(value)).longValue();
                case "int" -> Math.toIntExact(exact(number(value)).longValue());
                case "short" -> (short) Math.toIntExact(exact(number(value)).longValue());
                default -> value.toString();
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidMetadataException("value '" + value + "' does not fit column " + column
                    + " of type " + datatype + ": " + e.getMessage());
        }
    }

    private static Number number(Object value) {
        return value instanceof Number n ? n : Double.valueOf(value.toString().trim());
    }

    private static Number exact(Number n) {
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new ArithmeticException("not a whole number");
        }
        return n;
    }
}

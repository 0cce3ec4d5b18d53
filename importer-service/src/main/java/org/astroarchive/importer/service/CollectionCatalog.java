package org.astroarchive.importer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.astroarchive.importer.config.ImporterConfig;
import org.astroarchive.importer.repository.CollectionRepository;
import org.astroarchive.importer.repository.CollectionRepository.StoredVersion;
import org.jboss.logging.Logger;

/**
 * The collection descriptions in force: the latest version of each in PostgreSQL, seeded from the bundled
 * {@code collections/<name>.json}. A bundled description that changed (a new release) becomes a new version,
 * unless an operator's edit through the API is the latest: that one wins, with a warning. Read again at most every
 * few seconds, so an edit reaches every importer instance; while PostgreSQL is unreachable the last versions read
 * (or, before any, the bundled ones) stay in force.
 */
@ApplicationScoped
public class CollectionCatalog {

    private static final Logger LOG = Logger.getLogger(CollectionCatalog.class);
    private static final long MAX_AGE_NANOS = 5_000_000_000L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");
    /** ADQL 2.1 §2.1.2 reserved words (SQL and ADQL): as column names they would need quoting in every query. */
    private static final Set<String> RESERVED = Set.of(("absolute action add all allocate alter and any are as asc assertion at authorization avg begin between bit bit_length both by cascade cascaded case cast catalog char character char_length character_length check close coalesce collate collation column commit connect connection constraint constraints continue convert corresponding count create cross current current_date current_time current_timestamp current_user cursor date day deallocate decimal declare default deferrable deferred delete desc describe descriptor diagnostics disconnect distinct domain double drop else end end-exec escape except exception exec execute exists external extract false fetch first float for foreign found from full get global go goto grant group having hour identity immediate in indicator initially inner input insensitive insert int integer intersect interval into is isolation join key language last leading left level like local lower match max min minute module month names national natural nchar next no not null nullif numeric octet_length of on only open option or order outer output overlaps pad partial position precision prepare preserve primary prior privileges procedure public read real references relative restrict revoke right rollback rows schema scroll second section select session session_user set size smallint some space sql sqlcode sqlerror sqlstate substring sum system_user table temporary then time timestamp timezone_hour timezone_minute to trailing transaction translate translation trim true union unique unknown update upper usage user using value values varchar varying view when whenever where with work write year zone abs acos asin atan atan2 ceiling cos degrees exp floor log log10 mod pi power radians rand round sin sqrt tan top truncate area box centroid circle contains coord1 coord2 coordsys distance intersects point polygon region offset").split(" "));

    /** A description and the stored version it came from (version 0: bundled, not stored yet). */
    public record Versioned(CollectionDescription description, StoredVersion stored) {
    }

    private final ObjectMapper mapper;
    private final CollectionRepository repository;
    private final Map<String, String> bundled = new TreeMap<>();
    private volatile Map<String, Versioned> current;
    private volatile long loadedAt;
    private volatile boolean seeded;

    public CollectionCatalog(ImporterConfig config, ObjectMapper mapper, CollectionRepository repository) {
        this.mapper = mapper;
        this.repository = repository;
        Map<String, Versioned> fallback = new TreeMap<>();
        for (String name : config.collections()) {
            String resource = "collections/" + name + ".json";
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("importer.collections names '" + name + "' but " + resource + " is missing");
                }
                String json = canonical(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                bundled.put(name, json);
                fallback.put(name, new Versioned(parse(name, json),
                        new StoredVersion(name, 0, sha256(json), "bundled", null, json)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            } catch (InvalidDescriptionException e) {
                throw new IllegalStateException(resource + ": " + e.getMessage(), e);
            }
        }
        current = fallback;
    }

    void seedAtStart(@Observes StartupEvent event) {
        refresh();
    }

    public Optional<CollectionDescription> find(String collection) {
        return Optional.ofNullable(latest().get(collection)).map(Versioned::description);
    }

    public Set<String> names() {
        return latest().keySet();
    }

    /** The description in force for each collection, with its version. */
    public Map<String, Versioned> latest() {
        if (System.nanoTime() - loadedAt > MAX_AGE_NANOS) {
            refresh();
        }
        return current;
    }

    /**
     * Stores a new version of a collection's description (an operator's edit).
     *
     * @throws InvalidDescriptionException if the JSON is not a valid description of that collection
     */
    public CollectionRepository.Added update(String collection, String json) throws InvalidDescriptionException, SQLException {
        String canonical = canonical(json);
        parse(collection, canonical);
        CollectionRepository.Added added = repository.add(collection, canonical, sha256(canonical), "api");
        loadedAt = 0; // read again at the next use
        return added;
    }

    public List<StoredVersion> versions(String collection) throws SQLException {
        return repository.versions(collection);
    }

    public Optional<StoredVersion> version(String collection, int version) throws SQLException {
        return repository.version(collection, version);
    }

    private synchronized void refresh() {
        try {
            if (!seeded) {
                seed();
                seeded = true;
            }
            Map<String, Versioned> fresh = new TreeMap<>();
            for (StoredVersion stored : repository.latestVersions()) {
                try {
                    fresh.put(stored.collection(), new Versioned(parse(stored.collection(), stored.definition()), stored));
                } catch (InvalidDescriptionException e) {
                    LOG.errorf("stored description %s v%d is invalid (%s); keeping the previous one", stored.collection(),
                            stored.version(), e.getMessage());
                    Optional.ofNullable(current.get(stored.collection())).ifPresent(v -> fresh.put(stored.collection(), v));
                }
            }
            current = fresh;
        } catch (SQLException e) {
            LOG.warnf("collection descriptions not readable from PostgreSQL (%s); using %s", e.getMessage(),
                    seeded ? "the versions read last" : "the bundled ones");
        }
        loadedAt = System.nanoTime();
    }

    private void seed() throws SQLException {
        Map<String, StoredVersion> stored = new TreeMap<>();
        for (StoredVersion version : repository.latestVersions()) {
            stored.put(version.collection(), version);
        }
        for (Map.Entry<String, String> entry : bundled.entrySet()) {
            StoredVersion latest = stored.get(entry.getKey());
            String sha = sha256(entry.getValue());
            if (latest != null && latest.origin().equals("api") && !latest.sha256().equals(sha)) {
                LOG.warnf("collection %s: the bundled description differs from the operator's version %d, which stays in force",
                        entry.getKey(), latest.version());
            } else if (latest == null || !latest.sha256().equals(sha)) {
                CollectionRepository.Added added = repository.add(entry.getKey(), entry.getValue(), sha, "bundled");
                LOG.infof("collection %s: bundled description stored as version %d", entry.getKey(), added.stored().version());
            }
        }
    }

    /**
     * Parses and checks a description: what a file reader would otherwise discover on the first file.
     *
     * @throws InvalidDescriptionException naming the first problem found
     */
    CollectionDescription parse(String collection, String json) throws InvalidDescriptionException {
        CollectionDescription description;
        try {
            description = mapper.readValue(json, CollectionDescription.class);
        } catch (JsonProcessingException e) {
            throw new InvalidDescriptionException("not a collection description: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        if (!NAME.matcher(collection).matches()) {
            problems.add("collection name '" + collection + "' must be lower-case letters, digits, '_' or '-'");
        }
        if (!collection.equals(description.collection())) {
            problems.add("\"collection\" is '" + description.collection() + "' but the description is stored as '" + collection + "'");
        }
        if (!List.of("fits", "hdf5", "text", "votable", "csv").contains(String.valueOf(description.format()))) {
            problems.add("\"format\" must be fits, hdf5, text, votable or csv, not '" + description.format() + "'");
        }
        if ("text".equals(description.format()) && description.tables().isEmpty()) {
            problems.add("a text description needs \"tables\" (one row per file, from its key = value lines)");
        }
        if (List.of("votable", "csv").contains(description.format()) && description.tables().isEmpty()) {
            problems.add("a " + description.format() + " description needs \"tables\" (source: the table's name or position)");
        }
        if (description.tables().isEmpty() && (description.targetTable() == null || description.columns().isEmpty())) {
            problems.add("a description needs \"tables\" or a \"targetTable\" with \"columns\"");
        }
        checkColumns("columns", description.columns(), problems);
        for (CollectionDescription.TableMapping table : description.tables()) {
            if (table.table() == null || !TABLE.matcher(table.table()).matches()) {
                problems.add("table '" + table.table() + "' must be schema.table in lower case");
            }
            if (table.source() == null || table.source().isBlank()) {
                problems.add("table " + table.table() + " has no \"source\" (HDF5 path, FITS EXTNAME, or the name of a text file's key = value lines)");
            }
            checkLevel(description.format(), table, problems);
            if (table.columns() == null || table.columns().isEmpty()) {
                problems.add("table " + table.table() + " has no columns");
            } else {
                checkColumns(table.table(), table.columns(), problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDescriptionException(String.join("; ", problems));
        }
        return description;
    }

    /** Which readers give one row per file: HDF5 attributes and text key = value lines, not (yet) FITS headers. */
    private static void checkLevel(String format, CollectionDescription.TableMapping table, List<String> problems) {
        String level = table.level();
        if (level != null && !List.of(CollectionDescription.TableMapping.ROWS, CollectionDescription.TableMapping.FILE).contains(level)) {
            problems.add("table " + table.table() + ": \"level\" must be rows or file, not '" + level + "'");
        } else if ("text".equals(format) && !table.fileLevel()) {
            problems.add("table " + table.table() + ": a text file gives one row per file: set \"level\": \"file\"");
        } else if (("fits".equals(format) || "votable".equals(format) || "csv".equals(format)) && table.fileLevel()) {
            problems.add("table " + table.table() + ": \"level\": \"file\" reads HDF5 attributes or text key = value lines;"
                    + " FITS headers map through the description's \"columns\"");
        }
    }

    private static void checkColumns(String where, List<CollectionDescription.ColumnMapping> columns, List<String> problems) {
        for (CollectionDescription.ColumnMapping column : columns) {
            if (column.column() == null || !COLUMN.matcher(column.column()).matches()) {
                problems.add(where + ": column '" + column.column() + "' must be a lower-case identifier");
            } else if (RESERVED.contains(column.column())) {
                problems.add(where + ": column '" + column.column() + "' is an ADQL reserved word; choose another name");
            }
            if (column.source() == null && column.forced() == null && column.defaultValue() == null) {
                problems.add(where + ": column " + column.column() + " needs a source, a forced or a default value");
            }
            try {
                Conversions.check(column.conversion());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": column " + column.column() + ": " + e.getMessage());
            }
            String condition = column.when() == null ? null : column.when().problem();
            if (condition != null) {
                problems.add(where + ": column " + column.column() + ": " + condition);
            }
        }
    }

    private String canonical(String json) {
        try {
            return mapper.readTree(json).toString();
        } catch (JsonProcessingException e) {
            throw new InvalidDescriptionException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

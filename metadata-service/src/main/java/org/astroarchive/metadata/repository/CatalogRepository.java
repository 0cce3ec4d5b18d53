package org.astroarchive.metadata.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import io.vertx.core.json.JsonObject;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;

/** archive.files, archive.replicas and the collection tables, through the reactive PostgreSQL client. */
@ApplicationScoped
public class CatalogRepository {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    // Same DID and md5: nothing changes (a redelivered record or a re-sent file). Same DID, new md5: the file
    // becomes version + 1 and its rows are replaced in the same transaction.
    static final String UPSERT_FILE = """
            INSERT INTO archive.files (did, scope, name, collection, bytes, adler32, md5, content_type, metadata, ingested_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (did) DO UPDATE SET file_version = archive.files.file_version + 1, collection = EXCLUDED.collection,
                bytes = EXCLUDED.bytes, adler32 = EXCLUDED.adler32, md5 = EXCLUDED.md5,
                content_type = EXCLUDED.content_type, metadata = EXCLUDED.metadata,
                ingested_at = EXCLUDED.ingested_at, updated_at = now()
            WHERE archive.files.md5 <> EXCLUDED.md5
            RETURNING file_version""";

    private static final String UPSERT_REPLICA = """
            INSERT INTO archive.replicas (did, rse, bucket, object_key, endpoint) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (did, rse) DO UPDATE SET bucket = EXCLUDED.bucket, object_key = EXCLUDED.object_key,
                endpoint = EXCLUDED.endpoint""";

    private final Pool pool;
    private final Map<String, Uni<Map<String, String>>> columnsByTable = new ConcurrentHashMap<>();

    public CatalogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Column name → TAP datatype of a published table, read from TAP_SCHEMA once. */
    public Uni<Map<String, String>> publishedColumns(String table) {
        return columnsByTable.computeIfAbsent(table, t -> pool
                .preparedQuery("SELECT column_name, datatype FROM tap_schema.columns WHERE table_name = $1")
                .execute(Tuple.of(t))
                .map(rows -> {
                    Map<String, String> columns = new TreeMap<>();
                    for (Row row : rows) {
                        columns.put(row.getString("column_name"), row.getString("datatype"));
                    }
                    if (columns.isEmpty()) {
                        columnsByTable.remove(t); // not registered yet: ask again next time
                    }
                    return columns;
                })
                .memoize().indefinitely());
    }

    /** Stores the file, its replica and its row of {@code table} (identified by {@code keyColumn}) atomically. */
    public Uni<Void> upsert(FileIngested event, String table, String keyColumn, Map<String, Object> row) {
        Did did = Did.parse(event.did());
        Tuple file = Tuple.from(List.of(event.did(), did.scope(), did.name(), event.collection(), event.bytes(),
                event.adler32(), event.md5(), event.contentType(), new JsonObject(event.metadata()),
                event.ingestedAt().atOffset(ZoneOffset.UTC)));
        return pool.withTransaction(tx -> tx.preparedQuery(UPSERT_FILE).execute(file)
                .chain(changed -> changed.rowCount() == 0
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(UPSERT_REPLICA).executeBatch(replicaTuples(event))
                                .chain(() -> replaceRow(tx, table, keyColumn, row))));
    }

    /** The file's storage elements: where the importer wrote it, and its further replicas (with their endpoints). */
    private static List<Tuple> replicaTuples(FileIngested event) {
        return event.copies().stream()
                .map(r -> Tuple.of(event.did(), r.rse(), r.bucket(), r.objectKey(), r.endpoint()))
                .toList();
    }

    private static Uni<Void> replaceRow(SqlClient tx, String table, String keyColumn, Map<String, Object> row) {
        List<String> columns = new ArrayList<>(row.keySet());
        columns.forEach(CatalogRepository::checkIdentifier);
        checkIdentifier(keyColumn);
        List<Object> values = new ArrayList<>(row.values());
        StringBuilder placeholders = new StringBuilder();
        for (int i = 1; i <= columns.size(); i++) {
            placeholders.append(i > 1 ? ", " : "").append('$').append(i);
        }
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders + ")";
        return tx.preparedQuery("DELETE FROM " + table + " WHERE " + keyColumn + " = $1").execute(Tuple.of(row.get(keyColumn)))
                .chain(() -> tx.preparedQuery(insert).execute(Tuple.from(values)))
                .replaceWithVoid();
    }

    private static void checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
    }
}

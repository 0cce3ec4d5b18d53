package org.astroarchive.cutmerge;

import io.jhdf.HdfFile;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.sql.DataSource;
import org.astroarchive.contracts.Did;
import org.astroarchive.datagen.GaiaGenerator;
import org.astroarchive.datagen.GaiaGeneratorOptions;

/**
 * What importer-service and metadata-service leave behind after ingesting Gaia-like HDF5 files from
 * archive-datagen (300 sources, 150 a file: CompleteSource_000/001 and AstroElementary_000/001): the files in S3
 * under their DID's object key, archive.files/archive.replicas, archive.collection_tables entries with a linkColumn,
 * and the rows of gaia.completesource and gaia.astroelementary reduced to the file columns and the keys (the DDL of
 * metadata-service's TableRegistry; Cut &amp; Merge reads the values from the files, never from the tables).
 *
 * <p>Plus two broken entries: a file whose stored bytes fail the md5 check, and a row its file does not hold.
 */
public final class CutMergeFixtures {

    public static final String AUTHORITY = "astroarchive.test";
    public static final String BUCKET = "rse-cutmerge-test";
    public static final String RSE = "LOCAL_S3";
    public static final String SCOPE = "gaia";
    public static final String[] FILES = {"CompleteSource_000.h5", "CompleteSource_001.h5", "AstroElementary_000.h5",
            "AstroElementary_001.h5"};
    /** Bytes of CompleteSource_000.h5, catalogued with another md5. */
    public static final Did DAMAGED = new Did(SCOPE, "CompleteSource_damaged.h5");
    public static final long SOURCE_OF_DAMAGED_FILE = 1L;
    /** A catalogue row of CompleteSource_000.h5 whose key the file does not have. */
    public static final long SOURCE_NOT_IN_FILE = 2L;

    private static Path dir;
    private static boolean loaded;
    private static final Map<String, String> MD5 = new HashMap<>();

    private CutMergeFixtures() {
    }

    public static Path file(String name) {
        return dir.resolve(name);
    }

    public static Did did(String name) {
        return new Did(SCOPE, name);
    }

    public static String md5(String name) {
        return MD5.get(name);
    }

    public static String sourceId(long sourceId) {
        return "ivo://" + AUTHORITY + "/gaia.completesource?" + sourceId;
    }

    public static String transitId(long transitId) {
        return "ivo://" + AUTHORITY + "/gaia.astroelementary?" + transitId;
    }

    /** A whole dataset of a generated file. */
    public static Object column(String fileName, String path) {
        try (HdfFile hdf = new HdfFile(file(fileName))) {
            return hdf.getDatasetByPath(path).getData();
        }
    }

    public static long[] longs(String fileName, String path) {
        return (long[]) column(fileName, path);
    }

    /** Row {@code row} of a dataset of a generated file (a value, or an array for n-d datasets). */
    public static Object value(String fileName, String path, int row) {
        return Array.get(column(fileName, path), row);
    }

    /** Generates, uploads and catalogues everything once per test JVM. */
    public static synchronized void load(DataSource dataSource, MinioClient minio) throws Exception {
        if (loaded) {
            return;
        }
        Path generated = Files.createTempDirectory("cutmerge-gaia-");
        dir = generated;
        GaiaGenerator.generate(GaiaGeneratorOptions.of(generated, 300).withSourcesPerFile(150));
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        for (String name : FILES) {
            MD5.put(name, md5(generated.resolve(name)));
            upload(minio, did(name), generated.resolve(name));
        }
        upload(minio, DAMAGED, generated.resolve(FILES[0]));
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // the service's sessions default to read-only transactions: this one writes, in one transaction
            connection.setAutoCommit(false);
            sql.execute("SET TRANSACTION READ WRITE");
            sql.execute("CREATE SCHEMA IF NOT EXISTS gaia");
            sql.execute("CREATE TABLE IF NOT EXISTS gaia.completesource (" + fileColumns() + ", source_id bigint)");
            sql.execute("CREATE TABLE IF NOT EXISTS gaia.astroelementary (" + fileColumns()
                    + ", source_id bigint, transit_id bigint)");
            sql.execute("""
                    INSERT INTO archive.collection_tables (table_name, collection, definition) VALUES
                      ('gaia.completesource', 'gaia', '{"table": "gaia.completesource", "linkColumn": "source_id"}'),
                      ('gaia.astroelementary', 'gaia', '{"table": "gaia.astroelementary", "linkColumn": "transit_id"}'),
                      ('gaia.ghost', 'gaia', '{"table": "gaia.ghost", "linkColumn": "ghost_id"}')
                    ON CONFLICT DO NOTHING""");
            for (String name : FILES) {
                catalogue(connection, did(name), MD5.get(name), Files.size(generated.resolve(name)));
            }
            catalogue(connection, DAMAGED, "0123456789abcdef0123456789abcdef", Files.size(generated.resolve(FILES[0])));
            try (PreparedStatement sources = connection.prepareStatement("INSERT INTO gaia.completesource (file_name, "
                    + "file_extension, did_scope, did_name, did_rse, checksum, file_version, key_name, source_id) "
                    + "VALUES (?, 'h5', 'gaia', ?, '" + RSE + "', ?, 1, '/CompleteSource', ?)");
                 PreparedStatement transits = connection.prepareStatement("INSERT INTO gaia.astroelementary (file_name, "
                         + "file_extension, did_scope, did_name, did_rse, checksum, file_version, key_name, source_id, "
                         + "transit_id) VALUES (?, 'h5', 'gaia', ?, '" + RSE + "', ?, 1, '/AstroElementary', ?, ?)")) {
                for (String name : new String[] {FILES[0], FILES[1]}) {
                    for (long sourceId : longs(name, "/CompleteSource/source_id")) {
                        sourceRow(sources, name, MD5.get(name), sourceId);
                    }
                }
                sourceRow(sources, DAMAGED.name(), "0123456789abcdef0123456789abcdef", SOURCE_OF_DAMAGED_FILE);
                sourceRow(sources, FILES[0], MD5.get(FILES[0]), SOURCE_NOT_IN_FILE);
                sources.executeBatch();
                for (String name : new String[] {FILES[2], FILES[3]}) {
                    long[] sourceIds = longs(name, "/AstroElementary/source_id");
                    long[] transitIds = longs(name, "/AstroElementary/transit_id");
                    for (int i = 0; i < transitIds.length; i++) {
                        transits.setString(1, name);
                        transits.setString(2, name);
                        transits.setString(3, MD5.get(name));
                        transits.setLong(4, sourceIds[i]);
                        transits.setLong(5, transitIds[i]);
                        transits.addBatch();
                    }
                }
                transits.executeBatch();
            }
            // These tests read gaia as a public collection; Private*Test checks the access rules on a private schema of
            // its own, "secret", holding copies of the gaia rows (group gaia, as the seeded rule for gaia says).
            sql.execute("DELETE FROM archive.collection_access WHERE schema_name = 'gaia'");
            sql.execute("INSERT INTO archive.collection_access (schema_name, required_group, description) "
                    + "VALUES ('secret', 'gaia', 'private test rows') ON CONFLICT DO NOTHING");
            sql.execute("CREATE SCHEMA IF NOT EXISTS secret");
            sql.execute("CREATE TABLE IF NOT EXISTS secret.completesource AS SELECT * FROM gaia.completesource");
            sql.execute("""
                    INSERT INTO archive.collection_tables (table_name, collection, definition) VALUES
                      ('secret.completesource', 'secret', '{"table": "secret.completesource", "linkColumn": "source_id"}')
                    ON CONFLICT DO NOTHING""");
            connection.commit();
            connection.setAutoCommit(true);
        }
        loaded = true;
    }

    private static void sourceRow(PreparedStatement sources, String name, String md5, long sourceId)
            throws SQLException {
        sources.setString(1, name);
        sources.setString(2, name);
        sources.setString(3, md5);
        sources.setLong(4, sourceId);
        sources.addBatch();
    }

    private static String fileColumns() {
        return "file_name text NOT NULL, file_extension text NOT NULL, did_scope text NOT NULL, did_name text NOT NULL, "
                + "did_rse text NOT NULL, checksum text NOT NULL, file_version integer NOT NULL, key_name text NOT NULL";
    }

    private static void catalogue(Connection connection, Did did, String md5, long bytes) throws SQLException {
        try (PreparedStatement file = connection.prepareStatement("""
                INSERT INTO archive.files (did, scope, name, collection, bytes, adler32, md5, content_type, ingested_at)
                VALUES (?, ?, ?, 'gaia', ?, '00000000', ?, 'application/x-hdf5', now()) ON CONFLICT DO NOTHING""");
             PreparedStatement replica = connection.prepareStatement("""
                INSERT INTO archive.replicas (did, rse, bucket, object_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            file.setString(1, did.toString());
            file.setString(2, did.scope());
            file.setString(3, did.name());
            file.setLong(4, bytes);
            file.setString(5, md5);
            file.executeUpdate();
            replica.setString(1, did.toString());
            replica.setString(2, RSE);
            replica.setString(3, BUCKET);
            replica.setString(4, did.objectKey());
            replica.executeUpdate();
        }
    }

    private static void upload(MinioClient minio, Did did, Path file) throws Exception {
        minio.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(did.objectKey()).filename(file.toString())
                .contentType("application/x-hdf5").build());
    }

    public static String md5(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

package org.astroarchive.datalink;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Adler32;
import javax.sql.DataSource;
import org.astroarchive.contracts.Did;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

/**
 * What metadata-service and importer-service leave behind after ingesting one Gaia-like HDF5 file and one FITS
 * image: the row tables (the DDL of metadata-service's TableRegistry, reduced to the columns DataLink reads), their
 * archive.collection_tables entries, archive.files and archive.replicas rows, an ObsCore row, and the files' bytes
 * in S3. The bytes are random: DataLink never opens them.
 */
public final class DataLinkFixtures {

    public static final String AUTHORITY = "astroarchive.test";
    public static final String PUBLIC_URL = "http://archive.test";
    public static final String BUCKET = "rse-datalink-test";
    public static final String RSE = "LOCAL_S3";

    public static final Did GAIA_FILE = new Did("gaia", "CompleteSource_dl.h5");
    public static final Did IMAGE_FILE = new Did("imagesdl", "frame-1.fits");
    /** A Fermi photon (FT1) file with three events in fermi.photon, and a spacecraft (FT2) file without any. */
    public static final Did PHOTON_FILE = new Did("fermi", "photons_dl_ft1.fits");
    public static final Did SPACECRAFT_FILE = new Did("fermi", "spacecraft_dl_ft2.fits");
    public static final long SOURCE_A = 4295806720L;
    public static final long SOURCE_B = 4295806721L;
    /** A source whose file has no replica in the catalogue. */
    public static final long SOURCE_WITHOUT_REPLICA = 4295806799L;
    public static final long TRANSIT_A1 = 900001L;
    public static final long TRANSIT_A2 = 900002L;
    public static final long TRANSIT_B1 = 900003L;
    /** A transit whose source is in no ingested file. */
    public static final long TRANSIT_ORPHAN = 900009L;

    public static final byte[] GAIA_BYTES = randomBytes(300_000, 1);
    public static final byte[] IMAGE_BYTES = randomBytes(40_320, 2);

    private static boolean loaded;

    private DataLinkFixtures() {
    }

    public static String sourceId(long sourceId) {
        return "ivo://" + AUTHORITY + "/gaia.completesource?" + sourceId;
    }

    public static String transitId(long transitId) {
        return "ivo://" + AUTHORITY + "/gaia.astroelementary?" + transitId;
    }

    public static String datasetId(Did file) {
        return "ivo://" + AUTHORITY + "/fermi?" + file;
    }

    public static String imageId() {
        return "ivo://" + AUTHORITY + "/" + IMAGE_FILE.scope() + "?" + IMAGE_FILE;
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Loads everything once per test JVM (the database and S3 are shared by the module's test classes). */
    public static synchronized void load(DataSource dataSource, MinioClient minio) throws Exception {
        if (loaded) {
            return;
        }
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        put(minio, GAIA_FILE, GAIA_BYTES, "application/x-hdf5");
        put(minio, IMAGE_FILE, IMAGE_BYTES, "application/fits");
        put(minio, PHOTON_FILE, IMAGE_BYTES, "application/fits");
        put(minio, SPACECRAFT_FILE, IMAGE_BYTES, "application/fits");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // the service's sessions default to read-only transactions: this one writes, in one transaction
            connection.setAutoCommit(false);
            sql.execute("SET TRANSACTION READ WRITE");
            String prefix = PUBLIC_URL + "/datalink?ID=";
            sql.execute("CREATE SCHEMA IF NOT EXISTS gaia");
            sql.execute("CREATE TABLE IF NOT EXISTS gaia.completesource (" + fileColumns()
                    + ", source_id bigint, alpha double precision, delta double precision, ra double precision,"
                    + " dec double precision, access_url text GENERATED ALWAYS AS ('" + prefix
                    + encode("ivo://" + AUTHORITY + "/gaia.completesource?") + "' || source_id::text) STORED)");
            sql.execute("CREATE TABLE IF NOT EXISTS gaia.astroelementary (" + fileColumns()
                    + ", source_id bigint, transit_id bigint, ac_win_coord integer[], transit_time timestamp,"
                    + " access_url text GENERATED ALWAYS AS ('" + prefix
                    + encode("ivo://" + AUTHORITY + "/gaia.astroelementary?") + "' || transit_id::text) STORED)");
            sql.execute("""
                    INSERT INTO archive.collection_tables (table_name, collection, definition) VALUES
                      ('gaia.completesource', 'gaia', '{"table": "gaia.completesource", "linkColumn": "source_id"}'),
                      ('gaia.astroelementary', 'gaia', '{"table": "gaia.astroelementary", "linkColumn": "transit_id"}'),
                      ('gaia.ghost', 'gaia', '{"table": "gaia.ghost", "linkColumn": "ghost_id"}')
                    ON CONFLICT DO NOTHING""");
            catalogue(connection, GAIA_FILE, "gaia", GAIA_BYTES, "application/x-hdf5");
            catalogue(connection, IMAGE_FILE, IMAGE_FILE.scope(), IMAGE_BYTES, "application/fits");
            catalogue(connection, PHOTON_FILE, "fermi", IMAGE_BYTES, "application/fits");
            catalogue(connection, SPACECRAFT_FILE, "fermi", IMAGE_BYTES, "application/fits");
            sql.execute("CREATE SCHEMA IF NOT EXISTS fermi");
            sql.execute("CREATE TABLE IF NOT EXISTS fermi.photon (" + fileColumns()
                    + ", met double precision, energy real, ra real, dec real)");
            sql.execute("DELETE FROM fermi.photon WHERE did_name = '" + PHOTON_FILE.name() + "'");
            String photonFile = "'" + PHOTON_FILE.name() + "', 'fits', 'fermi', '" + PHOTON_FILE.name() + "', '" + RSE
                    + "', '" + md5(IMAGE_BYTES) + "', 1, 'EVENTS'";
            sql.execute("INSERT INTO fermi.photon (file_name, file_extension, did_scope, did_name, did_rse, checksum, "
                    + "file_version, key_name, met, energy, ra, dec) VALUES "
                    + "(" + photonFile + ", 239557417.5, 100.25, 10, 20), (" + photonFile + ", 239600000, 3000, 11, 21), "
                    + "(" + photonFile + ", 239700000.25, 250000, 12, 22)");
            String gaiaFile = "'" + GAIA_FILE.name() + "', 'h5', '" + GAIA_FILE.scope() + "', '" + GAIA_FILE.name()
                    + "', '" + RSE + "', '" + md5(GAIA_BYTES) + "', 1";
            sql.execute("INSERT INTO gaia.completesource (file_name, file_extension, did_scope, did_name, did_rse, "
                    + "checksum, file_version, key_name, source_id, alpha, delta, ra, dec) VALUES "
                    + "(" + gaiaFile + ", '/CompleteSource', " + SOURCE_A + ", 1.6182, 0.4019, 92.716, 23.027), "
                    + "(" + gaiaFile + ", '/CompleteSource', " + SOURCE_B + ", 1.6183, 0.4020, 92.722, 23.033), "
                    + "('lost.h5', 'h5', 'gaia', 'lost.h5', '" + RSE + "', '00000000000000000000000000000000', 1, "
                    + "'/CompleteSource', " + SOURCE_WITHOUT_REPLICA + ", 1.0, 0.1, 57.3, 5.7)");
            sql.execute("INSERT INTO gaia.astroelementary (file_name, file_extension, did_scope, did_name, did_rse, "
                    + "checksum, file_version, key_name, source_id, transit_id, ac_win_coord, transit_time) VALUES "
                    + "(" + gaiaFile + ", '/AstroElementary', " + SOURCE_A + ", " + TRANSIT_A1 + ", '{1,2,3,4,5,6,7,8,9,10}', '2015-01-01 00:00:00'), "
                    + "(" + gaiaFile + ", '/AstroElementary', " + SOURCE_A + ", " + TRANSIT_A2 + ", '{1,2,3,4,5,6,7,8,9,10}', '2015-02-01 00:00:00'), "
                    + "(" + gaiaFile + ", '/AstroElementary', " + SOURCE_B + ", " + TRANSIT_B1 + ", '{1,2,3,4,5,6,7,8,9,10}', '2015-03-01 00:00:00'), "
                    + "(" + gaiaFile + ", '/AstroElementary', 123, " + TRANSIT_ORPHAN + ", '{1,2,3,4,5,6,7,8,9,10}', '2015-04-01 00:00:00')");
            try (PreparedStatement obscore = connection.prepareStatement("""
                    INSERT INTO ivoa.obscore (dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did,
                        access_url, access_format, access_estsize, s_ra, s_dec, s_fov)
                    VALUES ('image', 2, ?, ?, ?, ?, 'application/x-votable+xml;content=datalink', ?, 150, 2.2, 0.5)
                    ON CONFLICT (obs_publisher_did) DO NOTHING""")) {
                obscore.setString(1, IMAGE_FILE.scope());
                obscore.setString(2, IMAGE_FILE.name());
                obscore.setString(3, imageId());
                obscore.setString(4, prefix + encode(imageId()));
                obscore.setLong(5, (IMAGE_BYTES.length + 1023) / 1024);
                obscore.executeUpdate();
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

    private static String fileColumns() {
        return "file_name text NOT NULL, file_extension text NOT NULL, did_scope text NOT NULL, did_name text NOT NULL, "
                + "did_rse text NOT NULL, checksum text NOT NULL, file_version integer NOT NULL, key_name text NOT NULL";
    }

    private static void catalogue(Connection connection, Did did, String collection, byte[] bytes, String contentType)
            throws SQLException {
        try (PreparedStatement file = connection.prepareStatement("""
                INSERT INTO archive.files (did, scope, name, collection, bytes, adler32, md5, content_type, ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT DO NOTHING""");
             PreparedStatement replica = connection.prepareStatement("""
                INSERT INTO archive.replicas (did, rse, bucket, object_key, endpoint) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            file.setString(1, did.toString());
            file.setString(2, did.scope());
            file.setString(3, did.name());
            file.setString(4, collection);
            file.setLong(5, bytes.length);
            file.setString(6, adler32(bytes));
            file.setString(7, md5(bytes));
            file.setString(8, contentType);
            file.executeUpdate();
            replica.setString(1, did.toString());
            replica.setString(2, RSE);
            replica.setString(3, BUCKET);
            replica.setString(4, did.objectKey());
            replica.setString(5, null);
            replica.executeUpdate();
            // and a copy on an S3 server of its own, first by RSE name: DataLink signs for its endpoint only, so the
            // links must keep to the copy above (the downloads of the tests would fail on this one)
            replica.setString(2, "AAA_REMOTE_S3");
            replica.setString(3, "rse-on-another-server");
            replica.setString(5, "http://s3.elsewhere.test:9000");
            replica.executeUpdate();
        }
    }

    private static void put(MinioClient minio, Did did, byte[] bytes, String contentType) throws Exception {
        minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(did.objectKey())
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
    }

    public static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String adler32(byte[] bytes) {
        Adler32 adler = new Adler32();
        adler.update(bytes);
        return String.format("%08x", adler.getValue());
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Decodes a links document with STIL, as TOPCAT would. */
    public static StarTable parse(byte[] votable) {
        try {
            return new VOTableBuilder().makeStarTable(new ByteArrayDataSource("links", votable), true,
                    StoragePolicy.PREFER_MEMORY);
        } catch (IOException e) {
            throw new UncheckedIOException("not a readable VOTable: " + new String(votable, StandardCharsets.UTF_8), e);
        }
    }
}

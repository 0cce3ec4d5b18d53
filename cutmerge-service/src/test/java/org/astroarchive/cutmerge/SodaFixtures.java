package org.astroarchive.cutmerge;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageData;
import nom.tam.fits.ImageHDU;
import org.astroarchive.contracts.Did;

/**
 * What the importer and metadata-service leave behind for FITS images and a Fermi FT1 file: the files in S3 under
 * their DID's object key, {@code archive.files} + {@code archive.replicas}, and for the images an
 * {@code ivoa.obscore} row with {@code obs_publisher_did = ivo://<authority>/images?images:<name>}. The FT1 file
 * (collection fermi) has no ObsCore row: its events become {@code fermi.photon} rows.
 *
 * <p>Images: the real samples of src/test/resources/samples, and a generated 4-d cube (RA---TAN, DEC--TAN, WAVE,
 * TIME) whose pixel values encode their indices. Plus a published dataset whose file is not catalogued.
 */
public final class SodaFixtures {

    public static final String AUTHORITY = CutMergeFixtures.AUTHORITY;
    public static final String BUCKET = "rse-soda-test";
    public static final String RSE = "LOCAL_S3";
    public static final String AZP = "1904-66_AZP.fits";
    public static final String COUNTS = "fermi_counts.fits.gz";
    public static final String MEF = "science-mef.fits";
    public static final String CUBE = "cube-wave-time.fits";
    public static final String FT1 = "J0030+0451_w323_ft1weights.fits";
    /** Published in ivoa.obscore, but with no archive.files entry. */
    public static final String GHOST = "ghost.fits";
    public static final int CUBE_NX = 24;
    public static final int CUBE_NY = 20;
    public static final int CUBE_NW = 10;
    public static final int CUBE_NT = 6;

    private static boolean loaded;
    private static Path cube;

    private SodaFixtures() {
    }

    public static String imageId(String name) {
        return "ivo://" + AUTHORITY + "/images?images:" + name;
    }

    public static String fermiId(String name) {
        return "ivo://" + AUTHORITY + "/fermi?fermi:" + name;
    }

    /** A local copy of a dataset as stored (the cube is generated). */
    public static Path file(String name) {
        return name.equals(CUBE) ? cube : Path.of("src/test/resources/samples", name);
    }

    /** The value of cube pixel (x, y, w, t), 0-based: its indices, readable in the cutout. */
    public static float cubeValue(int x, int y, int w, int t) {
        return t * 1_000_000f + w * 10_000f + y * 100f + x;
    }

    public static synchronized void load(DataSource dataSource, MinioClient minio) throws Exception {
        if (loaded) {
            return;
        }
        cube = writeCube();
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("SET TRANSACTION READ WRITE");
            for (String name : new String[] {AZP, COUNTS, MEF, CUBE}) {
                Did did = new Did("images", name);
                upload(minio, did, file(name));
                catalogue(connection, did, "images", file(name));
                obscore(connection, imageId(name), name);
            }
            obscore(connection, imageId(GHOST), GHOST);
            Did ft1 = new Did("fermi", FT1);
            upload(minio, ft1, file(FT1));
            catalogue(connection, ft1, "fermi", file(FT1));
            connection.commit();
            connection.setAutoCommit(true);
        }
        loaded = true;
    }

    private static Path writeCube() throws Exception {
        float[][][][] data = new float[CUBE_NT][CUBE_NW][CUBE_NY][CUBE_NX];
        for (int t = 0; t < CUBE_NT; t++) {
            for (int w = 0; w < CUBE_NW; w++) {
                for (int y = 0; y < CUBE_NY; y++) {
                    for (int x = 0; x < CUBE_NX; x++) {
                        data[t][w][y][x] = cubeValue(x, y, w, t);
                    }
                }
            }
        }
        ImageData image = new ImageData(data);
        Header header = ImageHDU.manufactureHeader(image);
        header.addValue("CTYPE1", "RA---TAN", "right ascension, gnomonic");
        header.addValue("CTYPE2", "DEC--TAN", "declination, gnomonic");
        header.addValue("CRPIX1", 12.5, null);
        header.addValue("CRPIX2", 10.5, null);
        header.addValue("CRVAL1", 150.0, null);
        header.addValue("CRVAL2", 2.2, null);
        header.addValue("CDELT1", -0.01, null);
        header.addValue("CDELT2", 0.01, null);
        header.addValue("CUNIT1", "deg", null);
        header.addValue("CUNIT2", "deg", null);
        header.addValue("RADESYS", "ICRS", null);
        header.addValue("CTYPE3", "WAVE", "vacuum wavelength, linear");
        header.addValue("CUNIT3", "m", null);
        header.addValue("CRPIX3", 1.0, null);
        header.addValue("CRVAL3", 5e-7, null);
        header.addValue("CDELT3", 1e-8, null);
        header.addValue("CTYPE4", "TIME", "days since MJDREF");
        header.addValue("CUNIT4", "d", null);
        header.addValue("CRPIX4", 1.0, null);
        header.addValue("CRVAL4", 0.0, null);
        header.addValue("CDELT4", 1.0, null);
        header.addValue("MJDREF", 55000.0, "MJD of time zero");
        header.addValue("TIMESYS", "UTC", null);
        header.addValue("BUNIT", "adu", null);
        header.addValue("OBJECT", "generated test cube", null);
        Path file = Files.createTempFile("soda-cube-", ".fits");
        file.toFile().deleteOnExit();
        try (Fits fits = new Fits()) {
            fits.addHDU(new ImageHDU(header, image));
            fits.write(file.toFile());
        }
        return file;
    }

    private static void upload(MinioClient minio, Did did, Path file) throws Exception {
        minio.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object(did.objectKey()).filename(file.toString())
                .contentType("application/fits").build());
    }

    private static void catalogue(Connection connection, Did did, String collection, Path file) throws Exception {
        try (PreparedStatement files = connection.prepareStatement("""
                INSERT INTO archive.files (did, scope, name, collection, bytes, adler32, md5, content_type, ingested_at)
                VALUES (?, ?, ?, ?, ?, '00000000', ?, 'application/fits', now()) ON CONFLICT DO NOTHING""");
             PreparedStatement replica = connection.prepareStatement("""
                INSERT INTO archive.replicas (did, rse, bucket, object_key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            files.setString(1, did.toString());
            files.setString(2, did.scope());
            files.setString(3, did.name());
            files.setString(4, collection);
            files.setLong(5, Files.size(file));
            files.setString(6, CutMergeFixtures.md5(file));
            files.executeUpdate();
            replica.setString(1, did.toString());
            replica.setString(2, RSE);
            replica.setString(3, BUCKET);
            replica.setString(4, did.objectKey());
            replica.executeUpdate();
        }
    }

    private static void obscore(Connection connection, String publisherDid, String name) throws SQLException {
        try (PreparedStatement row = connection.prepareStatement("""
                INSERT INTO ivoa.obscore (dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did,
                  access_url, access_format) VALUES ('image', 2, 'images', ?, ?, ?, 'application/x-votable+xml;content=datalink')
                ON CONFLICT DO NOTHING""")) {
            row.setString(1, name);
            row.setString(2, publisherDid);
            row.setString(3, "http://127.0.0.1/datalink?ID=" + publisherDid);
            row.executeUpdate();
        }
    }
}

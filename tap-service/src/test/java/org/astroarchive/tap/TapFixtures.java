package org.astroarchive.tap;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StoragePolicy;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.VOTableBuilder;

/** Test data and result parsing shared by the TAP tests. */
public final class TapFixtures {

    private TapFixtures() {
    }

    /** Three ObsCore rows of the collection 'adqlcases', as metadata-service writes them. */
    public static void insertObscoreRows(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO ivoa.obscore (dataproduct_type, calib_level, obs_collection, obs_id, obs_publisher_did,
                        access_url, access_format, access_estsize, target_name, s_ra, s_dec, s_xel1, s_xel2, s_region)
                    VALUES ('image', 2, 'adqlcases', 'case-a', 'ivo://test/adqlcases?c:case-a', 'http://x/a', 'application/fits', 10, 'M31', 10.0, 41.0, 100, 100, spoly '{(10d,40d),(11d,40d),(11d,41d)}'),
                           ('image', 2, 'adqlcases', 'case-b', 'ivo://test/adqlcases?c:case-b', 'http://x/b', 'application/fits', 20, 'M33', 23.5, 30.6, 200, 200, NULL),
                           ('cube', 3, 'adqlcases', 'case-c', 'ivo://test/adqlcases?c:case-c', 'http://x/c', 'application/fits', 30, 'M42', 83.8, -5.4, 300, 300, NULL)
                    ON CONFLICT (obs_publisher_did) DO NOTHING""");
        }
    }

    /** Decodes a VOTable result with STIL, as TOPCAT would. */
    public static StarTable parseVotable(byte[] votable) {
        try {
            return new VOTableBuilder().makeStarTable(new ByteArrayDataSource("result", votable), true, StoragePolicy.PREFER_MEMORY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("not a readable VOTable: " + new String(votable), e);
        }
    }
}

package org.astroarchive.contracts;

/** Media types of the archive's protocols and files. */
public final class MediaTypes {
    public static final String VOTABLE = "application/x-votable+xml";
    /** DataLink 1.1 §3: a links response is a VOTable with this content parameter. */
    public static final String DATALINK = "application/x-votable+xml;content=datalink";
    public static final String FITS = "application/fits";
    public static final String HDF5 = "application/x-hdf5";
    public static final String CSV = "text/csv";
    public static final String TSV = "text/tab-separated-values";

    private MediaTypes() {
    }
}

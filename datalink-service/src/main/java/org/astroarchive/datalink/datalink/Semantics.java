package org.astroarchive.datalink.datalink;

/**
 * Terms of the IVOA DataLink core vocabulary (http://www.ivoa.net/rdf/datalink/core) used by this service, written
 * in the {@code semantics} column as {@code #term}, the short form DataLink 1.1 §3.2 gives core terms.
 */
public enum Semantics {
    /** The data the ID names, here: the rows cut out of their file (Cut &amp; Merge) or the dataset's file itself. */
    THIS("#this"),
    /** Data the ID's data was derived from: the file a catalogue row was extracted from. */
    PROGENITOR("#progenitor"),
    /**
     * Data about the same object in another product: a source's transits and back. The term is in the vocabulary
     * since 2022; stilts 3.4.7's built-in copy predates it and reports E-SMCO (tolerated, issue 5).
     */
    COUNTERPART("#counterpart"),
    /** A service that cuts a part of the data out (SODA), described by a service descriptor. */
    CUTOUT("#cutout"),
    /** A service that processes the data: the event selection on a Fermi photon file, described by a service descriptor. */
    PROC("#proc"),
    /** A quick-look image of the data: a PNG of a FITS image (cutmerge-service's {@code /preview}). */
    PREVIEW("#preview");

    private final String term;

    Semantics(String term) {
        this.term = term;
    }

    public String term() {
        return term;
    }
}

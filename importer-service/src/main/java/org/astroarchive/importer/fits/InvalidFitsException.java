package org.astroarchive.importer.fits;

/** The file is not valid FITS; the message says what is wrong. */
public class InvalidFitsException extends Exception {
    public InvalidFitsException(String message) {
        super(message);
    }

    public InvalidFitsException(String message, Throwable cause) {
        super(message, cause);
    }
}

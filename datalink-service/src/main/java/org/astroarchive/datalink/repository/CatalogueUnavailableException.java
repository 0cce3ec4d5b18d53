package org.astroarchive.datalink.repository;

/** The database did not answer: the whole request fails as a TransientFault (HTTP 503), never a 500. */
public class CatalogueUnavailableException extends RuntimeException {
    public CatalogueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

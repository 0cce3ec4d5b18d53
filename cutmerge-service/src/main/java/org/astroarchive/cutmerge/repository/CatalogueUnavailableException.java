package org.astroarchive.cutmerge.repository;

/** PostgreSQL did not answer (or failed otherwise than "not there"): a transient condition for the caller. */
public class CatalogueUnavailableException extends RuntimeException {
    public CatalogueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

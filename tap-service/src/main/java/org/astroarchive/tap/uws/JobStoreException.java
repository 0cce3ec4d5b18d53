package org.astroarchive.tap.uws;

/** The job store (PostgreSQL) could not be used: a server-side outage, answered 503. */
public class JobStoreException extends RuntimeException {
    public JobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

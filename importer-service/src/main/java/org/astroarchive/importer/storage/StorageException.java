package org.astroarchive.importer.storage;

/** The object store could not be reached or refused the operation: a server-side failure, retryable. */
public class StorageException extends Exception {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

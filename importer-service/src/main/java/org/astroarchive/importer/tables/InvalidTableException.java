package org.astroarchive.importer.tables;

/** A file's table cannot be read as its collection description requires; the message says what is wrong. */
public class InvalidTableException extends RuntimeException {

    public InvalidTableException(String message) {
        super(message);
    }
}

package org.astroarchive.importer.service;

/** A collection description that cannot be used; the message lists what is wrong. */
public class InvalidDescriptionException extends RuntimeException {

    public InvalidDescriptionException(String message) {
        super(message);
    }
}

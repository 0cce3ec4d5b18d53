package org.astroarchive.metadata.service;

/** The record can never be stored as it is (a bad value, an unknown column): it goes to the dead-letter topic. */
public class InvalidMetadataException extends RuntimeException {
    public InvalidMetadataException(String message) {
        super(message);
    }
}

package org.astroarchive.security;

/**
 * The rules of {@code archive.collection_access} could not be read, so no private collection can be shown: callers
 * answer 503 (the database is down for the data as well) rather than risk exposing one.
 */
public class AccessRulesUnavailableException extends RuntimeException {
    public AccessRulesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

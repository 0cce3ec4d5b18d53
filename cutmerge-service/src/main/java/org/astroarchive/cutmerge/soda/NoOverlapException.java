package org.astroarchive.cutmerge.soda;

/**
 * The filtering parameters select no pixel of the dataset. SODA 1.0 §5.1 (following DALI): the answer is
 * {@code 204 No Content} with no body, not an error.
 */
public class NoOverlapException extends RuntimeException {
    public NoOverlapException(String message) {
        super(message);
    }
}

package org.astroarchive.cutmerge.cutmerge;

/**
 * DALI 1.1 §4.4.2 error vocabulary, as SODA and DataLink answer it: the plain-text body starts with the fault name.
 * Each fault carries the HTTP status of a whole-request failure.
 */
public enum Fault {
    /** The request is wrong: the caller can fix it (no ID, malformed ID). */
    USAGE("UsageFault", 400),
    /** An ID names nothing this archive holds. */
    NOT_FOUND("NotFoundFault", 404),
    /** The selection is larger than this synchronous endpoint serves. */
    TOO_LARGE("UsageFault", 413),
    /** The archive's own data is damaged or inconsistent (checksum mismatch, object missing): operators must act. */
    FATAL("FatalFault", 500),
    /** A component (PostgreSQL, S3) did not answer: try again. */
    TRANSIENT("TransientFault", 503);

    private final String label;
    private final int status;

    Fault(String label, int status) {
        this.label = label;
        this.status = status;
    }

    public String label() {
        return label;
    }

    public int status() {
        return status;
    }

    public CutMergeException exception(String message) {
        return new CutMergeException(this, message, null);
    }

    public CutMergeException exception(String message, Throwable cause) {
        return new CutMergeException(this, message, cause);
    }
}

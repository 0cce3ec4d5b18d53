package org.astroarchive.cutmerge.storage;

/** The object store could not give what was asked. */
public class StorageException extends Exception {

    /** What went wrong, which decides who must act. */
    public enum Kind {
        /** The catalogue names an object S3 does not have. */
        MISSING,
        /** The bytes read are not the ones the catalogue recorded (md5 mismatch). */
        DAMAGED,
        /** S3 did not answer, or answered with an error: possibly transient. */
        UNAVAILABLE
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

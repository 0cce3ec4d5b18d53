package org.astroarchive.tap.uws;

/** UWS 1.1 §2.1.3 execution phases. */
public enum Phase {
    PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED, UNKNOWN, HELD, SUSPENDED, ARCHIVED;

    /** A job in a final phase changes no more (except to ARCHIVED or deletion). */
    public boolean isFinal() {
        return this == COMPLETED || this == ERROR || this == ABORTED || this == ARCHIVED;
    }

    /** Active phases: those a blocking WAIT waits on (UWS 1.1 §2.2.1.1). */
    public boolean isActive() {
        return this == PENDING || this == QUEUED || this == EXECUTING || this == HELD || this == SUSPENDED;
    }
}

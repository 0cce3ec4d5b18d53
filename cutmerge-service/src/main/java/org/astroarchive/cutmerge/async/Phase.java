package org.astroarchive.cutmerge.async;

/** The UWS 1.1 §2.1.3 execution phases a Cut &amp; Merge job goes through (HELD, SUSPENDED, ARCHIVED are not used). */
public enum Phase {
    PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED;

    /** Phases a blocking WAIT waits on (UWS 1.1 §2.2.1.1). */
    public boolean isActive() {
        return this == PENDING || this == QUEUED || this == EXECUTING;
    }
}

package org.astroarchive.cutmerge.cutmerge;

/** Why a Cut &amp; Merge request cannot be answered; the message tells the caller what to do. */
public class CutMergeException extends RuntimeException {

    private final Fault fault;

    CutMergeException(Fault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    /** The response body: {@code <FaultName>: <message>}. */
    public String text() {
        return fault.label() + ": " + getMessage();
    }
}

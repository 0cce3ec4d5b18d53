package org.astroarchive.datalink.datalink;

/** DataLink 1.1 §3.2 (error_message) and DALI 1.1 §4.4.2: an {@code error_message} starts with one of these fault names. */
public enum Fault {
    /** The ID is valid but names nothing this service knows (or nothing the caller may see). */
    NOT_FOUND("NotFoundFault"),
    /** The request, or one ID, is malformed. */
    USAGE("UsageFault"),
    /** A component the answer needs (database, object store) did not answer: the same request may work later. */
    TRANSIENT("TransientFault"),
    /** Anything else: the request will not work as it is. */
    FATAL("FatalFault");

    private final String label;

    Fault(String label) {
        this.label = label;
    }

    /** {@code "<Fault>: <message>"}, the form DataLink clients parse. */
    public String message(String message) {
        return label + ": " + message;
    }

    public String label() {
        return label;
    }
}

package org.astroarchive.importer.service;

/** The file was refused; it is kept in quarantine and reported on the dead-letter topic. */
public class RejectedFileException extends Exception {
    private final String did;
    private final String quarantinedAs;

    public RejectedFileException(String did, String reason, String quarantinedAs) {
        super(reason);
        this.did = did;
        this.quarantinedAs = quarantinedAs;
    }

    public String did() {
        return did;
    }

    public String quarantinedAs() {
        return quarantinedAs;
    }
}

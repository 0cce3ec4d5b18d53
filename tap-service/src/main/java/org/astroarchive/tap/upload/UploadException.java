package org.astroarchive.tap.upload;

/** An upload the service cannot accept; the caller's mistake (HTTP 400, 413 when too large), with a hint. */
public class UploadException extends Exception {
    private final String hint;
    private final boolean tooLarge;

    public UploadException(String message, String hint) {
        this(message, hint, false);
    }

    public UploadException(String message, String hint, boolean tooLarge) {
        super(message);
        this.hint = hint;
        this.tooLarge = tooLarge;
    }

    /** Above the service's size limits: HTTP 413 (RFC 9110 §15.5.14) rather than 400. */
    public boolean tooLarge() {
        return tooLarge;
    }

    public String describe() {
        return getMessage() + ". Hint: " + hint;
    }
}

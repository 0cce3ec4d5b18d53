package org.astroarchive.tap.upload;

/** An upload the service cannot accept; the caller's mistake (HTTP 400), with a hint. */
public class UploadException extends Exception {
    private final String hint;

    public UploadException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public String describe() {
        return getMessage() + ". Hint: " + hint;
    }
}

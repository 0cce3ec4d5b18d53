package org.astroarchive.tap.adql;

/**
 * The query is not acceptable ADQL, or names what is not published. Carries the position (1-based, 0 when
 * unknown) and a hint telling the caller how to fix the query (DaCHS style).
 */
public class AdqlException extends Exception {

    private final int line;
    private final int column;
    private final String hint;

    public AdqlException(String message, int line, int column, String hint) {
        super(message);
        this.line = line;
        this.column = column;
        this.hint = hint;
    }

    public AdqlException(String message, String hint) {
        this(message, 0, 0, hint);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String hint() {
        return hint;
    }

    /** The message as shown to users: with its position when known, then the hint. */
    public String describe() {
        String where = line > 0 ? " (line " + line + ", column " + column + ")" : "";
        return getMessage() + where + (hint == null ? "" : ". Hint: " + hint);
    }
}

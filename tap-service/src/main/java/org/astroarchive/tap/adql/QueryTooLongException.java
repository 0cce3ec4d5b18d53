package org.astroarchive.tap.adql;

/** The query text is longer than {@code tap.max-query-length}: HTTP 413, not 400 (nothing is wrong with its syntax). */
public class QueryTooLongException extends AdqlException {

    public QueryTooLongException(int length, int limit) {
        super("the query has " + length + " characters, more than the limit of " + limit,
                "shorten the query: upload long lists of values as a table (UPLOAD) and join with it");
    }
}

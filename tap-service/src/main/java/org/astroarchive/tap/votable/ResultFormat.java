package org.astroarchive.tap.votable;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output formats of query results, registered in one place: RESPONSEFORMAT parsing, the writers, the media
 * type of async results and the capabilities document all read this list (TAP 1.1 §2.7.1, DALI 1.1 §3.4).
 */
public enum ResultFormat {
    VOTABLE_BINARY2("application/x-votable+xml", "votable",
            "application/x-votable+xml", "text/xml", "application/x-votable+xml;serialization=binary2", "votable/b2"),
    VOTABLE_TABLEDATA("application/x-votable+xml;serialization=TABLEDATA", "votable/td",
            "application/x-votable+xml;serialization=tabledata"),
    VOTABLE_BINARY("application/x-votable+xml;serialization=BINARY", "votable/b",
            "application/x-votable+xml;serialization=binary"),
    CSV("text/csv;header=present", "csv", "text/csv"),
    TSV("text/tab-separated-values", "tsv"),
    FITS("application/fits", "fits"),
    JSON("application/json", "json");

    private final String mimeType;
    private final String alias;
    private final List<String> otherNames;

    ResultFormat(String mimeType, String alias, String... otherNames) {
        this.mimeType = mimeType;
        this.alias = alias;
        this.otherNames = List.of(otherNames);
    }

    public String mimeType() {
        return mimeType;
    }

    public String alias() {
        return alias;
    }

    public boolean isVotable() {
        return name().startsWith("VOTABLE");
    }

    /** The format a RESPONSEFORMAT value names (its alias or media type, any case); BINARY2 VOTable when absent. */
    public static Optional<ResultFormat> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(VOTABLE_BINARY2);
        }
        String wanted = value.toLowerCase(Locale.ROOT).replace(" ", "");
        return Stream.of(values()).filter(format -> format.alias.equals(wanted) || format.mimeType.toLowerCase(Locale.ROOT).equals(wanted)
                || format.otherNames.contains(wanted)).findFirst();
    }

    /** For error hints: the aliases. */
    public static String aliases() {
        return String.join(", ", Stream.of(values()).map(ResultFormat::alias).toList());
    }
}

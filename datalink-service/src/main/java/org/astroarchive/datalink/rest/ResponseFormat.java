package org.astroarchive.datalink.rest;

import java.util.Locale;
import java.util.Optional;
import org.astroarchive.contracts.MediaTypes;

/**
 * RESPONSEFORMAT (DataLink 1.1 §3.2, DALI 1.1): only VOTable is offered; the value chooses the Content-Type
 * the document is labelled with. Absent means the DataLink default.
 */
final class ResponseFormat {

    static final String SUPPORTED = MediaTypes.DATALINK + ", " + MediaTypes.VOTABLE + ", votable, text/xml";

    private ResponseFormat() {
    }

    /** The Content-Type of the response for a RESPONSEFORMAT value, or empty if the format is not offered. */
    static Optional<String> contentType(String responseFormat) {
        if (responseFormat == null) {
            return Optional.of(MediaTypes.DATALINK);
        }
        String normalised = responseFormat.toLowerCase(Locale.ROOT).replace(" ", "").replace("\"", "");
        return switch (normalised) {
            case "application/x-votable+xml;content=datalink" -> Optional.of(MediaTypes.DATALINK);
            case "application/x-votable+xml", "votable", "votable/td" -> Optional.of(MediaTypes.VOTABLE);
            case "text/xml" -> Optional.of("text/xml");
            default -> Optional.empty();
        };
    }
}

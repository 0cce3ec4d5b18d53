package org.astroarchive.importer.service;

import java.util.Set;

/** No description exists for the requested collection. */
public class UnknownCollectionException extends Exception {
    public UnknownCollectionException(String collection, Set<String> known) {
        super("unknown collection '" + collection + "'; known collections: " + String.join(", ", known));
    }
}

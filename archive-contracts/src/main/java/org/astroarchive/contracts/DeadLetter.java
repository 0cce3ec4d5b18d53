package org.astroarchive.contracts;

import java.time.Instant;

/**
 * A rejected input, published on {@link Topics#INGEST_DEADLETTER_V1} so operators see why in Kibana.
 *
 * @param source     the DID, or the file path when no DID could be formed
 * @param collection the collection the input was meant for, if known
 * @param service    the service that rejected it
 * @param reason     what was wrong, in words an operator can act on
 * @param rejectedAt when it was rejected
 */
public record DeadLetter(String source, String collection, String service, String reason, Instant rejectedAt) {
}

package org.astroarchive.contracts;

/** Kafka topics shared by the archive services. The suffix is the payload's major version. */
public final class Topics {
    /** One {@link FileIngested} per stored file; key: the DID. */
    public static final String INGEST_FILES_V1 = "ingest.files.v1";
    /** Batches of table rows extracted from a file; key: the DID, so a file's batches stay ordered. */
    public static final String INGEST_ROWS_V1 = "ingest.rows.v1";
    /** One {@link DeadLetter} per rejected file or record; key: the DID or the file path. */
    public static final String INGEST_DEADLETTER_V1 = "ingest.deadletter.v1";
    /** Audit events of queries and downloads; key: the user. */
    public static final String AUDIT_EVENTS_V1 = "audit.events.v1";

    private Topics() {
    }
}

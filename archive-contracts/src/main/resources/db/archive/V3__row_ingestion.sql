-- Row ingestion (ingest.rows.v1). A file version's row batches wait in archive.staged_batches, already in
-- PostgreSQL COPY text form, until every batch and the file's FileIngested (archive.pending_files) have arrived;
-- then one transaction replaces the file's rows in the target tables. Readers never see a partial file, and a
-- redelivered record finds its batch already staged or its file already published.
CREATE TABLE archive.staged_batches (
    did          text        NOT NULL,
    md5          char(32)    NOT NULL,
    target_table text        NOT NULL,
    batch        integer     NOT NULL,
    batch_count  integer     NOT NULL,
    first_row    bigint      NOT NULL,
    row_count    integer     NOT NULL,
    columns      text[]      NOT NULL,
    copy_text    text        NOT NULL,
    staged_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (did, md5, target_table, batch)
);
-- Already compact text, read once: skip TOAST compression.
ALTER TABLE archive.staged_batches ALTER COLUMN copy_text SET STORAGE EXTERNAL;

CREATE TABLE archive.pending_files (
    did         text        NOT NULL,
    md5         char(32)    NOT NULL,
    event       jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (did, md5)
);

-- Tables the metadata service created on first sight, with the definition they were created from.
CREATE TABLE archive.collection_tables (
    table_name  text PRIMARY KEY,
    collection  text        NOT NULL,
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

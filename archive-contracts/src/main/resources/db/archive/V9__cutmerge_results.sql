-- Cut & Merge results kept in S3 (cutmerge-service, issue 5), by request hash. A row is written only after the object
-- was stored, so a new selection learns from this table, beside the catalogue lookup, that it must be built, without
-- asking S3 (a HEAD took ~10 ms of a new 10-row selection's ~58 ms). Not published in TAP_SCHEMA.
CREATE SCHEMA cutmerge;

CREATE TABLE cutmerge.results (
    request_hash text PRIMARY KEY,           -- SHA-256 of the request (format, IDs in order, progenitor md5s)
    bucket       text        NOT NULL,
    object_key   text        NOT NULL,
    bytes        bigint      NOT NULL,
    stored_at    timestamptz NOT NULL DEFAULT now()
);

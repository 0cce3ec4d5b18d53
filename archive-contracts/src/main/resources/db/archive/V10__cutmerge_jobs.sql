-- Asynchronous Cut & Merge jobs of cutmerge-service (UWS 1.1, /cutmerge/async). Any instance answers about any job:
-- the state lives here, the result in the S3 result cache (cutmerge.results). Not published in TAP_SCHEMA.
CREATE TABLE cutmerge.jobs (
    job_id             text PRIMARY KEY,
    run_id             text,
    owner_id           text,                  -- the authenticated creator; NULL: anonymous (whoever holds the URL)
    client_id          text,                  -- the portal's clientId, for the audit events
    phase              text        NOT NULL,
    ids                text[]      NOT NULL,  -- the row IDs, distinct, in the order given (the order of the result)
    creation_time      timestamptz NOT NULL DEFAULT now(),
    start_time         timestamptz,
    end_time           timestamptz,
    execution_duration integer     NOT NULL,  -- seconds
    destruction        timestamptz NOT NULL,
    rows_total         integer,               -- rows of the result (transit correction included), once resolved
    rows_done          integer     NOT NULL DEFAULT 0,
    error_summary      text,
    result_bucket      text,
    result_key         text,
    result_bytes       bigint,
    -- the instance executing the job and its last sign of life: a job whose instance died is failed by another
    instance_id        text,
    heartbeat          timestamptz
);
CREATE INDEX jobs_owner ON cutmerge.jobs (owner_id, creation_time);
CREATE INDEX jobs_phase ON cutmerge.jobs (phase);
CREATE INDEX jobs_destruction ON cutmerge.jobs (destruction);

-- UWS 1.1 jobs of the TAP service's /async resource. Any tap-service instance serves any job: the state lives
-- here, results in S3. Not published in TAP_SCHEMA.
CREATE SCHEMA uws;

CREATE TABLE uws.jobs (
    job_id             text PRIMARY KEY,
    run_id             text,
    owner_id           text,
    phase              text        NOT NULL,
    parameters         jsonb       NOT NULL,
    creation_time      timestamptz NOT NULL DEFAULT now(),
    start_time         timestamptz,
    end_time           timestamptz,
    execution_duration integer     NOT NULL,
    destruction        timestamptz NOT NULL,
    error_summary      text,
    result_key         text,
    result_bytes       bigint,
    -- the instance executing the job and its last sign of life: a job whose instance died is failed by another
    instance_id        text,
    heartbeat          timestamptz
);
CREATE INDEX jobs_phase ON uws.jobs (phase);
CREATE INDEX jobs_creation ON uws.jobs (creation_time);
CREATE INDEX jobs_destruction ON uws.jobs (destruction);

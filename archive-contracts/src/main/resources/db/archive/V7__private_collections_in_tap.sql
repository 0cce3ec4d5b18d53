-- Private collections in TAP (issue 6). ADQL reads of TAP_SCHEMA go through these views, which leave out the schemas
-- of archive.collection_access whose group the caller is not in. The TAP service states the caller's groups in each
-- query transaction:  SELECT set_config('archive.caller_groups', 'gaia,other', true)
-- Unset means no groups: every private schema is hidden (fail closed).
CREATE FUNCTION archive.hidden_schemas() RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(schema_name), '{}')
    FROM archive.collection_access
    WHERE required_group <> ALL (string_to_array(coalesce(current_setting('archive.caller_groups', true), ''), ','))
$$;

CREATE SCHEMA tap_schema_visible;

CREATE VIEW tap_schema_visible.schemas AS
    SELECT * FROM tap_schema.schemas WHERE lower(schema_name) <> ALL (archive.hidden_schemas());
CREATE VIEW tap_schema_visible.tables AS
    SELECT * FROM tap_schema.tables WHERE lower(schema_name) <> ALL (archive.hidden_schemas());
CREATE VIEW tap_schema_visible.columns AS
    SELECT * FROM tap_schema.columns WHERE lower(split_part(table_name, '.', 1)) <> ALL (archive.hidden_schemas());
CREATE VIEW tap_schema_visible.keys AS
    SELECT * FROM tap_schema.keys
    WHERE lower(split_part(from_table, '.', 1)) <> ALL (archive.hidden_schemas())
      AND lower(split_part(target_table, '.', 1)) <> ALL (archive.hidden_schemas());
CREATE VIEW tap_schema_visible.key_columns AS
    SELECT * FROM tap_schema.key_columns WHERE key_id IN (SELECT key_id FROM tap_schema_visible.keys);

-- Async jobs run with their owner's rights, on whichever instance claims them: the groups are kept with the job.
ALTER TABLE uws.jobs ADD COLUMN owner_groups text[];

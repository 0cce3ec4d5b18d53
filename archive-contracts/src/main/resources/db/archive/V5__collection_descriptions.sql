-- Data description models, versioned: the importer seeds them from its bundled JSON and operators edit them through
-- its REST API (PUT /api/collections/{name}). A file is always read with the latest version of its collection's.
CREATE TABLE archive.collection_descriptions (
    collection text        NOT NULL,
    version    integer     NOT NULL,
    definition jsonb       NOT NULL,
    sha256     char(64)    NOT NULL,
    origin     text        NOT NULL CHECK (origin IN ('bundled', 'api')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, version)
);

-- The mapping tables as rows, for operators who query them with SQL: one row per target column of each version.
CREATE VIEW archive.collection_mappings AS
SELECT d.collection, d.version, d.definition ->> 'targetTable' AS target_table, NULL AS table_source,
       c.value ->> 'column' AS target_column, c.value ->> 'source' AS source, c.value ->> 'datatype' AS datatype,
       c.value ->> 'unit' AS unit, c.value ->> 'ucd' AS ucd, c.value ->> 'conversion' AS conversion,
       c.value -> 'forced' AS forced_value, c.value -> 'default' AS default_value, c.value -> 'when' AS condition
FROM archive.collection_descriptions d,
     jsonb_array_elements(coalesce(d.definition -> 'columns', '[]'::jsonb)) AS c(value)
UNION ALL
SELECT d.collection, d.version, t.value ->> 'table', t.value ->> 'source',
       c.value ->> 'column', c.value ->> 'source', c.value ->> 'datatype',
       c.value ->> 'unit', c.value ->> 'ucd', c.value ->> 'conversion',
       c.value -> 'forced', c.value -> 'default', c.value -> 'when'
FROM archive.collection_descriptions d,
     jsonb_array_elements(coalesce(d.definition -> 'tables', '[]'::jsonb)) AS t(value),
     jsonb_array_elements(coalesce(t.value -> 'columns', '[]'::jsonb)) AS c(value);

-- Archive catalogue, ObsCore 1.1 and TAP_SCHEMA 1.1.
-- Owned by metadata-service (it runs the migrations); read by tap-service and datalink-service.

CREATE EXTENSION IF NOT EXISTS pg_sphere;

-- Files and their replicas (Rucio-style DIDs, one row per storage element holding the bytes).
CREATE SCHEMA archive;

CREATE TABLE archive.files (
    did          text PRIMARY KEY,
    scope        text        NOT NULL,
    name         text        NOT NULL,
    collection   text        NOT NULL,
    file_version integer     NOT NULL DEFAULT 1,
    bytes        bigint      NOT NULL,
    adler32      char(8)     NOT NULL,
    md5          char(32)    NOT NULL,
    content_type text,
    metadata     jsonb       NOT NULL DEFAULT '{}',
    ingested_at  timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE archive.replicas (
    did        text NOT NULL REFERENCES archive.files (did) ON DELETE CASCADE,
    rse        text NOT NULL,
    bucket     text NOT NULL,
    object_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (did, rse)
);

-- ObsCore 1.1 (IVOA REC-ObsCore-v1.1 §4): all mandatory columns. s_region is kept as a pgSphere polygon
-- so that ADQL geometry runs on a spatial index. Published tables hold published columns only (SELECT * must
-- not reveal internals); a row finds its file through obs_publisher_did, which embeds the DID.
CREATE SCHEMA ivoa;

CREATE TABLE ivoa.obscore (
    dataproduct_type  text,
    calib_level       integer  NOT NULL,
    obs_collection    text     NOT NULL,
    obs_id            text     NOT NULL,
    obs_publisher_did text PRIMARY KEY,
    access_url        text,
    access_format     text,
    access_estsize    bigint,
    target_name       text,
    s_ra              double precision,
    s_dec             double precision,
    s_fov             double precision,
    s_region          spoly,
    s_resolution      double precision,
    s_xel1            bigint,
    s_xel2            bigint,
    t_xel             bigint,
    t_min             double precision,
    t_max             double precision,
    t_exptime         double precision,
    t_resolution      double precision,
    em_xel            bigint,
    em_min            double precision,
    em_max            double precision,
    em_res_power      double precision,
    o_ucd             text,
    pol_states        text,
    pol_xel           bigint,
    facility_name     text,
    instrument_name   text
);
CREATE INDEX obscore_s_region ON ivoa.obscore USING gist (s_region);
CREATE INDEX obscore_position ON ivoa.obscore USING gist (spoint(radians(s_ra), radians(s_dec)));

-- TAP_SCHEMA 1.1 (TAP 1.1 §4).
CREATE SCHEMA tap_schema;

CREATE TABLE tap_schema.schemas (
    schema_name  text PRIMARY KEY,
    utype        text,
    description  text,
    schema_index integer
);

CREATE TABLE tap_schema.tables (
    schema_name text NOT NULL REFERENCES tap_schema.schemas (schema_name),
    table_name  text PRIMARY KEY,
    table_type  text NOT NULL,
    utype       text,
    description text,
    table_index integer
);

CREATE TABLE tap_schema.columns (
    table_name   text    NOT NULL REFERENCES tap_schema.tables (table_name),
    column_name  text    NOT NULL,
    utype        text,
    ucd          text,
    unit         text,
    description  text,
    datatype     text    NOT NULL,
    arraysize    text,
    xtype        text,
    "size"       integer,
    principal    integer NOT NULL DEFAULT 0,
    indexed      integer NOT NULL DEFAULT 0,
    std          integer NOT NULL DEFAULT 0,
    column_index integer,
    PRIMARY KEY (table_name, column_name)
);

CREATE TABLE tap_schema.keys (
    key_id       text PRIMARY KEY,
    from_table   text NOT NULL REFERENCES tap_schema.tables (table_name),
    target_table text NOT NULL REFERENCES tap_schema.tables (table_name),
    utype        text,
    description  text
);

CREATE TABLE tap_schema.key_columns (
    key_id        text NOT NULL REFERENCES tap_schema.keys (key_id),
    from_column   text NOT NULL,
    target_column text NOT NULL
);

INSERT INTO tap_schema.schemas VALUES
    ('tap_schema', NULL, 'Metadata of the tables and columns published by this TAP service (TAP 1.1 section 4).', 0),
    ('ivoa', NULL, 'IVOA standard data models: ObsCore 1.1.', 1);

INSERT INTO tap_schema.tables VALUES
    ('tap_schema', 'tap_schema.schemas', 'table', NULL, 'Schemas published by this service.', 0),
    ('tap_schema', 'tap_schema.tables', 'table', NULL, 'Tables published by this service.', 1),
    ('tap_schema', 'tap_schema.columns', 'table', NULL, 'Columns of the published tables.', 2),
    ('tap_schema', 'tap_schema.keys', 'table', NULL, 'Foreign keys between published tables.', 3),
    ('tap_schema', 'tap_schema.key_columns', 'table', NULL, 'Columns of the foreign keys.', 4),
    ('ivoa', 'ivoa.obscore', 'table', 'ivo://ivoa.net/std/ObsCore#table-1.1',
     'Observation core table (ObsCore 1.1): one row per published dataset.', 10);

INSERT INTO tap_schema.columns
    (table_name, column_name, utype, ucd, unit, description, datatype, arraysize, xtype, "size", principal, indexed, std, column_index)
VALUES
    ('tap_schema.schemas', 'schema_name', NULL, 'meta.id', NULL, 'Schema name, for reference', 'char', '*', NULL, NULL, 1, 1, 1, 0),
    ('tap_schema.schemas', 'utype', NULL, NULL, NULL, 'Lists the utypes of schemas', 'char', '*', NULL, NULL, 0, 0, 1, 1),
    ('tap_schema.schemas', 'description', NULL, 'meta.note', NULL, 'Describes schemas in the tableset', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('tap_schema.schemas', 'schema_index', NULL, NULL, NULL, 'Recommended sort order when listing schemas', 'int', NULL, NULL, NULL, 0, 0, 1, 3),
    ('tap_schema.tables', 'schema_name', NULL, 'meta.id', NULL, 'The schema this table belongs to', 'char', '*', NULL, NULL, 1, 0, 1, 0),
    ('tap_schema.tables', 'table_name', NULL, 'meta.id;meta.table', NULL, 'The fully qualified table name', 'char', '*', NULL, NULL, 1, 1, 1, 1),
    ('tap_schema.tables', 'table_type', NULL, NULL, NULL, 'One of: table or view', 'char', '*', NULL, NULL, 0, 0, 1, 2),
    ('tap_schema.tables', 'utype', NULL, NULL, NULL, 'lists the utype of tables in the tableset', 'char', '*', NULL, NULL, 0, 0, 1, 3),
    ('tap_schema.tables', 'description', NULL, 'meta.note', NULL, 'describes tables in the tableset', 'char', '*', NULL, NULL, 1, 0, 1, 4),
    ('tap_schema.tables', 'table_index', NULL, NULL, NULL, 'Recommended sort order when listing tables', 'int', NULL, NULL, NULL, 0, 0, 1, 5),
    ('tap_schema.columns', 'table_name', NULL, 'meta.id;meta.table', NULL, 'The table this column belongs to', 'char', '*', NULL, NULL, 1, 1, 1, 0),
    ('tap_schema.columns', 'column_name', NULL, 'meta.id', NULL, 'The column name', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('tap_schema.columns', 'utype', NULL, NULL, NULL, 'lists the utypes of columns in the tableset', 'char', '*', NULL, NULL, 0, 0, 1, 2),
    ('tap_schema.columns', 'ucd', NULL, NULL, NULL, 'lists the UCDs of columns in the tableset', 'char', '*', NULL, NULL, 1, 0, 1, 3),
    ('tap_schema.columns', 'unit', NULL, NULL, NULL, 'lists the unit used for column values in the tableset', 'char', '*', NULL, NULL, 1, 0, 1, 4),
    ('tap_schema.columns', 'description', NULL, 'meta.note', NULL, 'describes the columns in the tableset', 'char', '*', NULL, NULL, 1, 0, 1, 5),
    ('tap_schema.columns', 'datatype', NULL, NULL, NULL, 'lists the ADQL datatype of columns in the tableset', 'char', '*', NULL, NULL, 1, 0, 1, 6),
    ('tap_schema.columns', 'arraysize', NULL, NULL, NULL, 'lists the size of variable-length columns in the tableset', 'char', '*', NULL, NULL, 0, 0, 1, 7),
    ('tap_schema.columns', 'xtype', NULL, NULL, NULL, 'a DALI or custom extended type annotation', 'char', '*', NULL, NULL, 0, 0, 1, 8),
    -- TAP 1.1 section 4.3: size is an ADQL reserved word, so the column is published delimited
    ('tap_schema.columns', '"size"', NULL, NULL, NULL, 'deprecated: use arraysize', 'int', NULL, NULL, NULL, 0, 0, 1, 9),
    ('tap_schema.columns', 'principal', NULL, NULL, NULL, 'a principal column; 1 means 1, 0 means 0', 'int', NULL, NULL, NULL, 0, 0, 1, 10),
    ('tap_schema.columns', 'indexed', NULL, NULL, NULL, 'an indexed column; 1 means 1, 0 means 0', 'int', NULL, NULL, NULL, 0, 0, 1, 11),
    ('tap_schema.columns', 'std', NULL, NULL, NULL, 'a standard column; 1 means 1, 0 means 0', 'int', NULL, NULL, NULL, 0, 0, 1, 12),
    ('tap_schema.columns', 'column_index', NULL, NULL, NULL, 'Recommended sort order when listing columns', 'int', NULL, NULL, NULL, 0, 0, 1, 13),
    ('tap_schema.keys', 'key_id', NULL, 'meta.id', NULL, 'unique key to join to tap_schema.key_columns', 'char', '*', NULL, NULL, 1, 1, 1, 0),
    ('tap_schema.keys', 'from_table', NULL, NULL, NULL, 'the table with the foreign key', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('tap_schema.keys', 'target_table', NULL, NULL, NULL, 'the table with the primary key', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('tap_schema.keys', 'utype', NULL, NULL, NULL, 'lists the utype of keys in the tableset', 'char', '*', NULL, NULL, 0, 0, 1, 3),
    ('tap_schema.keys', 'description', NULL, 'meta.note', NULL, 'describes keys in the tableset', 'char', '*', NULL, NULL, 0, 0, 1, 4),
    ('tap_schema.key_columns', 'key_id', NULL, 'meta.id', NULL, 'key to join to tap_schema.keys', 'char', '*', NULL, NULL, 1, 1, 1, 0),
    ('tap_schema.key_columns', 'from_column', NULL, NULL, NULL, 'column in the from_table', 'char', '*', NULL, NULL, 1, 0, 1, 1),
    ('tap_schema.key_columns', 'target_column', NULL, NULL, NULL, 'column in the target_table', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    -- ObsCore 1.1 Table 5 (utypes, UCDs and units as the standard gives them)
    ('ivoa.obscore', 'dataproduct_type', 'obscore:ObsDataset.dataProductType', 'meta.code.class', NULL, 'Data product (file content) primary type', 'char', '*', NULL, NULL, 1, 0, 1, 0),
    ('ivoa.obscore', 'calib_level', 'obscore:ObsDataset.calibLevel', 'meta.code;obs.calib', NULL, 'Calibration level of the observation: in {0, 1, 2, 3, 4}', 'int', NULL, NULL, NULL, 1, 0, 1, 1),
    ('ivoa.obscore', 'obs_collection', 'obscore:DataID.Collection', 'meta.id', NULL, 'Name of the data collection', 'char', '*', NULL, NULL, 1, 0, 1, 2),
    ('ivoa.obscore', 'obs_id', 'obscore:DataID.observationID', 'meta.id', NULL, 'Internal ID given by the ObsTAP service', 'char', '*', NULL, NULL, 1, 0, 1, 3),
    ('ivoa.obscore', 'obs_publisher_did', 'obscore:Curation.PublisherDID', 'meta.ref.ivoid', NULL, 'ID for the Dataset given by the publisher', 'char', '*', NULL, NULL, 1, 1, 1, 4),
    ('ivoa.obscore', 'access_url', 'obscore:Access.Reference', 'meta.ref.url', NULL, 'URL used to access dataset', 'char', '*', NULL, NULL, 1, 0, 1, 5),
    ('ivoa.obscore', 'access_format', 'obscore:Access.Format', 'meta.code.mime', NULL, 'Content format of the dataset', 'char', '*', NULL, NULL, 1, 0, 1, 6),
    ('ivoa.obscore', 'access_estsize', 'obscore:Access.Size', 'phys.size;meta.file', 'kbyte', 'Estimated size of dataset: in kilobytes', 'long', NULL, NULL, NULL, 1, 0, 1, 7),
    ('ivoa.obscore', 'target_name', 'obscore:Target.Name', 'meta.id;src', NULL, 'Object of interest', 'char', '*', NULL, NULL, 1, 0, 1, 8),
    ('ivoa.obscore', 's_ra', 'obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1', 'pos.eq.ra', 'deg', 'Central Spatial Position in ICRS; Right ascension', 'double', NULL, NULL, NULL, 1, 1, 1, 9),
    ('ivoa.obscore', 's_dec', 'obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C2', 'pos.eq.dec', 'deg', 'Central Spatial Position in ICRS; Declination', 'double', NULL, NULL, NULL, 1, 1, 1, 10),
    ('ivoa.obscore', 's_fov', 'obscore:Char.SpatialAxis.Coverage.Bounds.Extent.diameter', 'phys.angSize;instr.fov', 'deg', 'Estimated size of the covered region as the diameter of a containing circle', 'double', NULL, NULL, NULL, 1, 0, 1, 11),
    ('ivoa.obscore', 's_region', 'obscore:Char.SpatialAxis.Coverage.Support.Area', 'pos.outline;obs.field', 'deg', 'Sky region covered by the data product (expressed in ICRS frame)', 'double', '*', 'polygon', NULL, 1, 1, 1, 12),
    ('ivoa.obscore', 's_resolution', 'obscore:Char.SpatialAxis.Resolution.Refval.value', 'pos.angResolution', 'arcsec', 'Spatial resolution of data as FWHM of PSF', 'double', NULL, NULL, NULL, 1, 0, 1, 13),
    ('ivoa.obscore', 's_xel1', 'obscore:Char.SpatialAxis.numBins1', 'meta.number', NULL, 'Number of elements along the first coordinate of the spatial axis', 'long', NULL, NULL, NULL, 1, 0, 1, 14),
    ('ivoa.obscore', 's_xel2', 'obscore:Char.SpatialAxis.numBins2', 'meta.number', NULL, 'Number of elements along the second coordinate of the spatial axis', 'long', NULL, NULL, NULL, 1, 0, 1, 15),
    ('ivoa.obscore', 't_xel', 'obscore:Char.TimeAxis.numBins', 'meta.number', NULL, 'Number of elements along the time axis', 'long', NULL, NULL, NULL, 1, 0, 1, 16),
    ('ivoa.obscore', 't_min', 'obscore:Char.TimeAxis.Coverage.Bounds.Limits.StartTime', 'time.start;obs.exposure', 'd', 'Start time in MJD', 'double', NULL, NULL, NULL, 1, 0, 1, 17),
    ('ivoa.obscore', 't_max', 'obscore:Char.TimeAxis.Coverage.Bounds.Limits.StopTime', 'time.end;obs.exposure', 'd', 'Stop time in MJD', 'double', NULL, NULL, NULL, 1, 0, 1, 18),
    ('ivoa.obscore', 't_exptime', 'obscore:Char.TimeAxis.Coverage.Support.Extent', 'time.duration;obs.exposure', 's', 'Total exposure time', 'double', NULL, NULL, NULL, 1, 0, 1, 19),
    ('ivoa.obscore', 't_resolution', 'obscore:Char.TimeAxis.Resolution.Refval.value', 'time.resolution', 's', 'Temporal resolution FWHM', 'double', NULL, NULL, NULL, 1, 0, 1, 20),
    ('ivoa.obscore', 'em_xel', 'obscore:Char.SpectralAxis.numBins', 'meta.number', NULL, 'Number of elements along the spectral axis', 'long', NULL, NULL, NULL, 1, 0, 1, 21),
    ('ivoa.obscore', 'em_min', 'obscore:Char.SpectralAxis.Coverage.Bounds.Limits.LoLimit', 'em.wl;stat.min', 'm', 'Start in spectral coordinates', 'double', NULL, NULL, NULL, 1, 0, 1, 22),
    ('ivoa.obscore', 'em_max', 'obscore:Char.SpectralAxis.Coverage.Bounds.Limits.HiLimit', 'em.wl;stat.max', 'm', 'Stop in spectral coordinates', 'double', NULL, NULL, NULL, 1, 0, 1, 23),
    ('ivoa.obscore', 'em_res_power', 'obscore:Char.SpectralAxis.Resolution.ResolPower.refVal', 'spect.resolution', NULL, 'Value of the resolving power along the spectral axis (R)', 'double', NULL, NULL, NULL, 1, 0, 1, 24),
    ('ivoa.obscore', 'o_ucd', 'obscore:Char.ObservableAxis.ucd', 'meta.ucd', NULL, 'Nature of the observable axis', 'char', '*', NULL, NULL, 1, 0, 1, 25),
    ('ivoa.obscore', 'pol_states', 'obscore:Char.PolarizationAxis.stateList', 'meta.code;phys.polarization', NULL, 'List of polarization states present in the data file', 'char', '*', NULL, NULL, 1, 0, 1, 26),
    ('ivoa.obscore', 'pol_xel', 'obscore:Char.PolarizationAxis.numBins', 'meta.number', NULL, 'Number of elements along the polarization axis', 'long', NULL, NULL, NULL, 1, 0, 1, 27),
    ('ivoa.obscore', 'facility_name', 'obscore:Provenance.ObsConfig.Facility.name', 'meta.id;instr.tel', NULL, 'The name of the facility, telescope, or space craft used for the observation', 'char', '*', NULL, NULL, 1, 0, 1, 28),
    ('ivoa.obscore', 'instrument_name', 'obscore:Provenance.ObsConfig.Instrument.name', 'meta.id;instr', NULL, 'The name of the instrument used for the observation', 'char', '*', NULL, NULL, 1, 0, 1, 29);

-- TAP 1.1 section 4: the foreign keys between the TAP_SCHEMA tables are published too.
INSERT INTO tap_schema.keys VALUES
    ('tables_schema', 'tap_schema.tables', 'tap_schema.schemas', NULL, 'the schema of a table'),
    ('columns_table', 'tap_schema.columns', 'tap_schema.tables', NULL, 'the table of a column'),
    ('keys_from_table', 'tap_schema.keys', 'tap_schema.tables', NULL, 'the table holding a foreign key'),
    ('keys_target_table', 'tap_schema.keys', 'tap_schema.tables', NULL, 'the table a foreign key points at'),
    ('key_columns_key', 'tap_schema.key_columns', 'tap_schema.keys', NULL, 'the key of a key column');

INSERT INTO tap_schema.key_columns VALUES
    ('tables_schema', 'schema_name', 'schema_name'),
    ('columns_table', 'table_name', 'table_name'),
    ('keys_from_table', 'from_table', 'table_name'),
    ('keys_target_table', 'target_table', 'table_name'),
    ('key_columns_key', 'key_id', 'key_id');

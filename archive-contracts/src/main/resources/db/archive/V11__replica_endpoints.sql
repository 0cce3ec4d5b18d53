-- A replica's storage element may be an S3 server of its own (importer.replicas.<RSE>.endpoint): its URL is kept
-- with the copy. NULL: the copy is on the primary S3 endpoint, as every replica catalogued before this column.
ALTER TABLE archive.replicas ADD COLUMN endpoint text;

COMMENT ON COLUMN archive.replicas.endpoint IS
    'URL of the S3 server holding this copy; NULL for the primary S3 endpoint of the services';

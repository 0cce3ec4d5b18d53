-- Collections that need a group (issue 6): a schema listed here is readable only by members of required_group,
-- a schema not listed is public. The group names are those of the identity provider's `groups` token claim.
-- Every service enforces it (archive-security CollectionAccess); they fail closed when this table is unreadable.
CREATE TABLE archive.collection_access (
    schema_name    text PRIMARY KEY,
    required_group text NOT NULL,
    description    text
);

INSERT INTO archive.collection_access (schema_name, required_group, description) VALUES
    ('gaia', 'gaia', 'Gaia private collection: members of group gaia only. Fermi (schema fermi) stays public.');

package org.astroarchive.testsupport;

/** A real PostgreSQL 15 with pgSphere and the archive's schema, for services that read what metadata-service writes. */
public class MigratedPostgresResource extends ComponentResource {
    public MigratedPostgresResource() {
        super(LocalComponent.Kind.POSTGRES, postgres -> {
            ArchiveDatabase.migrate(postgres);
            return ArchiveConfig.postgres(postgres);
        });
    }
}

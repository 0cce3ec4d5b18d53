package org.astroarchive.testsupport;

/** A real PostgreSQL 15 with pgSphere for {@code @QuarkusTest}s. */
public class PostgresResource extends ComponentResource {
    public PostgresResource() {
        super(LocalComponent.Kind.POSTGRES, ArchiveConfig::postgres);
    }
}

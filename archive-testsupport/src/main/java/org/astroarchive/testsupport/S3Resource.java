package org.astroarchive.testsupport;

/** A real S3 server (S3Proxy) for {@code @QuarkusTest}s. */
public class S3Resource extends ComponentResource {
    public S3Resource() {
        super(LocalComponent.Kind.S3, ArchiveConfig::s3);
    }
}

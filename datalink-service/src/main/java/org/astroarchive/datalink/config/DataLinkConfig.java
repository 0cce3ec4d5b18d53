package org.astroarchive.datalink.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** DataLink service settings ({@code datalink.*}). */
@ConfigMapping(prefix = "datalink")
public interface DataLinkConfig {

    /**
     * IVOA naming authority of this archive, as metadata-service writes it into the identifiers: rows are
     * {@code ivo://<authority>/<schema.table>?<key>}, datasets {@code ivo://<authority>/<collection>?<scope:name>}.
     */
    @WithDefault("astroarchive.example")
    String authority();

    /** Base URL under which clients reach the archive (the gateway): the prefix of every non-S3 link. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** TAP service that answers {@code #counterpart} queries; default {@code <public-url>/tap}. */
    Optional<String> tapUrl();

    /** Cut &amp; Merge endpoint of the {@code #this} links of rows; default {@code <public-url>/cutmerge}. */
    Optional<String> cutmergeUrl();

    /** Whether rows get a {@code #this} Cut &amp; Merge link (off until cutmerge-service serves it). */
    @WithDefault("false")
    boolean cutmergeEnabled();

    /**
     * S3 endpoint as clients reach it (e.g. {@code https://s3.archive.example.org}), when it differs from the one this
     * service uses ({@code quarkus.minio.host}/{@code port}); presigned URLs are signed for it. Default: the same.
     */
    Optional<String> s3PublicUrl();

    /** Lifetime of the presigned S3 URLs of {@code #progenitor} and dataset {@code #this} links. */
    @WithDefault("PT15M")
    Duration presignExpiry();

    /** Most ID values answered in one request; more is a UsageFault for the whole request. */
    @WithDefault("100")
    int maxIds();

    /** Lifetime of selections made with {@code POST /datalink/selections}. */
    @WithDefault("P7D")
    Duration selectionTtl();

    /** Most rows in one selection. */
    @WithDefault("1000")
    int maxSelectionRows();

    default String tapBaseUrl() {
        return tapUrl().orElse(trimmed(publicUrl()) + "/tap");
    }

    /** SODA endpoint of the {@code #cutout} descriptors of images; default {@code <public-url>/soda}. */
    Optional<String> sodaUrl();

    default String sodaBaseUrl() {
        return sodaUrl().orElse(trimmed(publicUrl()) + "/soda");
    }

    /** Preview endpoint of the {@code #preview} links of images; default {@code <public-url>/preview}. */
    Optional<String> previewUrl();

    default String previewBaseUrl() {
        return previewUrl().orElse(trimmed(publicUrl()) + "/preview");
    }

    /** Event-selection endpoint of the Fermi photon files' descriptors; default {@code <public-url>/fermi/select}. */
    Optional<String> fermiSelectUrl();

    default String fermiSelectBaseUrl() {
        return fermiSelectUrl().orElse(trimmed(publicUrl()) + "/fermi/select");
    }

    default String cutmergeBaseUrl() {
        return cutmergeUrl().orElse(trimmed(publicUrl()) + "/cutmerge");
    }

    default String datalinkBaseUrl() {
        return trimmed(publicUrl()) + "/datalink";
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

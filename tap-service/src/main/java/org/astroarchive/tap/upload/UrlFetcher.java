package org.astroarchive.tap.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astroarchive.tap.config.TapConfig;

/** Downloads a table uploaded by URL (TAPRegExt upload-http), within the size and time limits. */
final class UrlFetcher {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private UrlFetcher() {
    }

    static Path fetch(String name, String url, TapConfig config) throws UploadException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UploadException("upload '" + name + "': '" + url + "' is not a URL", "give an http or https URL");
        }
        checkAddress(name, uri, config);
        Path file = null;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.uploadFetchTimeout()).GET().build();
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new UploadException("upload '" + name + "': " + url + " answered HTTP " + response.statusCode(),
                            "check that the URL serves the VOTable without authentication or redirects");
                }
                file = Files.createTempFile("tap-upload-", ".vot");
                copyWithin(in, file, config.uploadMaxBytes(), name);
                return file;
            }
        } catch (IOException e) {
            delete(file);
            throw new UploadException("upload '" + name + "': could not download " + url + ": " + e.getMessage(),
                    "check the URL, or send the table inline");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(file);
            throw new UploadException("upload '" + name + "': interrupted while downloading " + url, "retry");
        } catch (UploadException e) {
            delete(file);
            throw e;
        }
    }

    /** Refuses addresses inside the service's own network unless configured otherwise (SSRF). */
    private static void checkAddress(String name, URI uri, TapConfig config) throws UploadException {
        if (uri.getHost() == null) {
            throw new UploadException("upload '" + name + "': " + uri + " has no host", "give a full http(s) URL");
        }
        if (config.uploadAllowPrivateUrls()) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()) {
                    throw new UploadException("upload '" + name + "': " + uri.getHost() + " is a private address",
                            "upload from a public URL, or send the table inline");
                }
            }
        } catch (UnknownHostException e) {
            throw new UploadException("upload '" + name + "': unknown host " + uri.getHost(), "check the URL");
        }
    }

    private static void copyWithin(InputStream in, Path file, long maxBytes, String name) throws IOException, UploadException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new UploadException("upload '" + name + "' is larger than the limit of " + maxBytes + " bytes",
                            "upload fewer rows or columns", true);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}

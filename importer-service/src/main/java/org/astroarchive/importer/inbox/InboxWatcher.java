package org.astroarchive.importer.inbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.astroarchive.importer.config.ImporterConfig;
import org.astroarchive.importer.service.IngestService;
import org.astroarchive.importer.service.RejectedFileException;
import org.astroarchive.importer.service.UnknownCollectionException;
import org.jboss.logging.Logger;

/**
 * The inbox folder: a file dropped into {@code <inbox>/<collection>/} is ingested as if uploaded, then moved to
 * {@code .done/<collection>/} or, if refused, to {@code .rejected/<collection>/} beside a {@code .reason.txt}. A file
 * is taken only once its size and modification time held still for a whole scan interval (still being copied
 * otherwise); writers that can should copy under another name and rename. If storage or Kafka is down the file
 * stays where it is and is tried again at the next scan, so nothing dropped in is lost.
 */
@ApplicationScoped
public class InboxWatcher {

    private static final Logger LOG = Logger.getLogger(InboxWatcher.class);

    private final IngestService ingest;
    private final ImporterConfig config;
    private final Map<Path, String> lastSeen = new HashMap<>();
    private ScheduledExecutorService scanner;

    public InboxWatcher(IngestService ingest, ImporterConfig config) {
        this.ingest = ingest;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        config.inbox().dir().ifPresent(dir -> {
            scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "inbox-watcher"));
            long every = config.inbox().scanEvery().toMillis();
            scanner.scheduleWithFixedDelay(() -> scanSafely(dir), 0, every, TimeUnit.MILLISECONDS);
            LOG.infof("watching inbox %s every %d ms", dir, every);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    private void scanSafely(Path inbox) {
        try {
            scan(inbox);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "inbox scan of %s failed; trying again at the next scan", inbox);
        }
    }

    /** One pass over the inbox; package-visible for tests. */
    void scan(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        try (DirectoryStream<Path> collections = Files.newDirectoryStream(inbox, Files::isDirectory)) {
            for (Path collectionDir : collections) {
                String collection = collectionDir.getFileName().toString();
                if (collection.startsWith(".")) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(collectionDir, Files::isRegularFile)) {
                    for (Path file : files) {
                        if (!file.getFileName().toString().startsWith(".") && settled(file)) {
                            take(inbox, collection, file);
                        }
                    }
                }
            }
        }
    }

    private boolean settled(Path file) throws IOException {
        String signature = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
        String previous = lastSeen.put(file, signature);
        return signature.equals(previous);
    }

    private void take(Path inbox, String collection, Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream content = Files.newInputStream(file)) {
            ingest.ingest(collection, null, name, content);
            move(file, inbox.resolve(".done").resolve(collection).resolve(name));
        } catch (RejectedFileException | UnknownCollectionException | IllegalArgumentException e) {
            Path rejected = inbox.resolve(".rejected").resolve(collection).resolve(name);
            move(file, rejected);
            Files.writeString(rejected.resolveSibling(name + ".reason.txt"), e.getMessage() + System.lineSeparator());
            LOG.warnf("inbox: %s/%s rejected: %s", collection, name, e.getMessage());
        } catch (Exception e) {
            // storage or broker unavailable: keep the file, try again later
            LOG.warnf("inbox: %s/%s not ingested yet (%s); retrying at the next scan", collection, name, e.getMessage());
            return;
        }
        lastSeen.remove(file);
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}

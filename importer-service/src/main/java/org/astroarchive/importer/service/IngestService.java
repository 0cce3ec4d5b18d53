package org.astroarchive.importer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.importer.config.ImporterConfig;
import org.astroarchive.importer.fits.FitsHeaders;
import org.astroarchive.importer.fits.InvalidFitsException;
import org.astroarchive.importer.messaging.IngestEvents;
import org.astroarchive.importer.storage.ObjectStore;
import org.astroarchive.importer.storage.StorageException;
import org.jboss.logging.Logger;

/**
 * Separates metadata from raw data: the file goes to S3 under its DID, the metadata extracted through the
 * collection's description goes to Kafka. A file that cannot be read is quarantined with its reason and reported
 * on the dead-letter topic; nothing of it reaches the metadata topic.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final String SERVICE = "importer-service";

    private final CollectionCatalog catalog;
    private final ObjectStore store;
    private final IngestEvents events;
    private final ImporterConfig config;

    public IngestService(CollectionCatalog catalog, ObjectStore store, IngestEvents events, ImporterConfig config) {
        this.catalog = catalog;
        this.store = store;
        this.events = events;
        this.config = config;
    }

    /**
     * @param scope the DID scope; the collection name when null
     * @throws UnknownCollectionException if no description exists for the collection
     * @throws RejectedFileException      if the file cannot be read as its collection requires (already quarantined)
     */
    public FileIngested ingest(String collection, String scope, String name, InputStream content)
            throws UnknownCollectionException, RejectedFileException, StorageException, IOException {
        CollectionDescription description = catalog.find(collection)
                .orElseThrow(() -> new UnknownCollectionException(collection, catalog.names()));
        Did did = new Did(scope == null || scope.isBlank() ? collection : scope, name);
        try (SpooledFile file = SpooledFile.spool(content, config.spoolDir())) {
            Map<String, Object> metadata;
            try {
                List<Map<String, Object>> hdus = FitsHeaders.read(file.path().toFile(), file.bytes());
                metadata = MetadataExtractor.extract(description, hdus);
            } catch (InvalidFitsException | IllegalArgumentException e) {
                throw quarantine(did, collection, file, e.getMessage());
            }
            Map<String, String> checksums = Map.of("adler32", file.adler32(), "md5", file.md5());
            store.put(config.bucket(), did.objectKey(), file.path(), MediaTypes.FITS, checksums);
            FileIngested event = new FileIngested(did.toString(), collection, description.targetTable(), config.rse(), config.bucket(),
                    did.objectKey(), file.bytes(), file.adler32(), file.md5(), MediaTypes.FITS, Instant.now(), metadata);
            events.fileIngested(event);
            LOG.infof("ingested %s (%d bytes, md5 %s) into %s", did, file.bytes(), file.md5(), collection);
            return event;
        }
    }

    private RejectedFileException quarantine(Did did, String collection, SpooledFile file, String reason)
            throws StorageException {
        String key = did.objectKey();
        // S3 user metadata travels as HTTP headers: printable ASCII only, and short.
        String header = reason.replaceAll("[^\\x20-\\x7e]", "?");
        store.put(config.quarantineBucket(), key, file.path(), "application/octet-stream",
                Map.of("reason", header.substring(0, Math.min(header.length(), 1000)), "md5", file.md5()));
        events.rejected(new DeadLetter(did.toString(), collection, SERVICE, reason, Instant.now()));
        LOG.warnf("rejected %s: %s (kept in %s/%s)", did, reason, config.quarantineBucket(), key);
        return new RejectedFileException(did.toString(), reason, config.quarantineBucket() + "/" + key);
    }
}

package org.astroarchive.importer.service;

import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.astroarchive.contracts.DeadLetter;
import org.astroarchive.contracts.Did;
import org.astroarchive.contracts.FileIngested;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.contracts.Replica;
import org.astroarchive.contracts.RowBatch;
import org.astroarchive.contracts.TableContent;
import org.astroarchive.importer.config.ImporterConfig;
import org.astroarchive.importer.fits.FitsHeaders;
import org.astroarchive.importer.fits.InvalidFitsException;
import org.astroarchive.importer.messaging.IngestEvents;
import org.astroarchive.importer.storage.ObjectStore;
import org.astroarchive.importer.storage.ReplicaStores;
import org.astroarchive.importer.storage.StorageException;
import org.astroarchive.importer.tables.ExtractedTable;
import org.astroarchive.importer.tables.FitsTableFile;
import org.astroarchive.importer.tables.FitsTableSource;
import org.astroarchive.importer.tables.Hdf5AttributesSource;
import org.astroarchive.importer.tables.Hdf5TableSource;
import org.astroarchive.importer.tables.InvalidTableException;
import org.astroarchive.importer.tables.StilTableSource;
import org.astroarchive.importer.tables.KeyValueTextSource;
import org.astroarchive.importer.tables.TableSource;
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
    private static final String TEXT = "text/plain";

    private final CollectionCatalog catalog;
    private final ObjectStore store;
    private final IngestEvents events;
    private final ImporterConfig config;
    private final IngestProgress progress;
    private final ReplicaStores replicaStores;

    public IngestService(CollectionCatalog catalog, ObjectStore store, ReplicaStores replicaStores, IngestEvents events,
                         ImporterConfig config, IngestProgress progress) {
        this.catalog = catalog;
        this.store = store;
        this.replicaStores = replicaStores;
        this.events = events;
        this.config = config;
        this.progress = progress;
    }

    /**
     * @param scope the DID scope; the collection name when null
     * @throws UnknownCollectionException if no description exists for the collection
     * @throws RejectedFileException      if the file cannot be read as its collection requires (already quarantined)
     */
    public FileIngested ingest(String collection, String scope, String name, InputStream content)
            throws UnknownCollectionException, RejectedFileException, StorageException, IOException {
        return ingest(collection, scope, name, content, SenderChecksums.NONE);
    }

    /**
     * As {@link #ingest(String, String, String, InputStream)}, checking the bytes received against the checksums the
     * sender computed: a mismatch (a cut or corrupted transfer) is quarantined like an unreadable file.
     */
    public FileIngested ingest(String collection, String scope, String name, InputStream content, SenderChecksums sent)
            throws UnknownCollectionException, RejectedFileException, StorageException, IOException {
        long started = progress.started();
        try {
            FileIngested event = store(collection, scope, name, content, sent);
            progress.ingested(started, event.bytes(), event.tables().stream().mapToLong(TableContent::rowCount).sum());
            return event;
        } catch (UnknownCollectionException | RejectedFileException | IllegalArgumentException e) {
            progress.rejected();
            throw e;
        } catch (IOException | StorageException | RuntimeException e) {
            LOG.errorf("%s of collection %s not ingested, nothing announced: %s", name, collection, e.getMessage());
            progress.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }

    private FileIngested store(String collection, String scope, String name, InputStream content, SenderChecksums sent)
            throws UnknownCollectionException, RejectedFileException, StorageException, IOException {
        CollectionDescription description = catalog.find(collection)
                .orElseThrow(() -> new UnknownCollectionException(collection, catalog.names()));
        Did did = new Did(scope == null || scope.isBlank() ? collection : scope, name);
        try (SpooledFile file = SpooledFile.spool(content, config.spoolDir())) {
            String mismatch = sent.mismatch(file.md5(), file.adler32());
            if (mismatch != null) {
                throw quarantine(did, collection, file, mismatch + " (" + file.bytes() + " bytes received): the transfer "
                        + "was cut or corrupted");
            }
            String contentType = switch (String.valueOf(description.format())) {
                case "hdf5" -> MediaTypes.HDF5;
                case "text" -> TEXT;
                case "votable" -> MediaTypes.VOTABLE;
                case "csv" -> MediaTypes.CSV;
                default -> MediaTypes.FITS;
            };
            Map<String, Object> metadata;
            List<TableContent> tables;
            try {
                if ("hdf5".equals(description.format())) {
                    metadata = Map.of();
                    tables = publishHdf5Rows(description, did, file);
                } else if ("text".equals(description.format())) {
                    metadata = Map.of();
                    tables = publishTextRow(description, did, file);
                } else if ("votable".equals(description.format()) || "csv".equals(description.format())) {
                    metadata = Map.of();
                    tables = publishStilRows(description, did, file);
                } else if (!description.tables().isEmpty()) {
                    metadata = Map.of();
                    tables = publishFitsRows(description, did, file);
                } else {
                    List<Map<String, Object>> hdus = FitsHeaders.read(file.path().toFile(), file.bytes());
                    metadata = MetadataExtractor.extract(description, hdus);
                    tables = List.of();
                }
            } catch (InvalidFitsException | InvalidTableException | IllegalArgumentException e) {
                throw quarantine(did, collection, file, e.getMessage());
            }
            Map<String, String> checksums = Map.of("adler32", file.adler32(), "md5", file.md5());
            putChecked(store, config.bucket(), did, file, contentType, checksums);
            List<Replica> replicas = replicate(did, file, contentType, checksums);
            // Sent last: it tells the metadata service that every row batch of this file version is on its way.
            FileIngested event = new FileIngested(did.toString(), collection, description.targetTable(), config.rse(),
                    config.bucket(), did.objectKey(), file.bytes(), file.adler32(), file.md5(), contentType, Instant.now(),
                    metadata, tables, replicas);
            events.fileIngested(event);
            LOG.infof("ingested %s (%d bytes, md5 %s, %d table rows) into %s", did, file.bytes(), file.md5(),
                    tables.stream().mapToLong(TableContent::rowCount).sum(), collection);
            return event;
        }
    }

    /**
     * Copies the file to every further storage element, on its own S3 endpoint if it has one, and checks each copy
     * there (Rucio-style replicas). One that cannot be written or checked fails the whole ingestion, naming the RSE
     * and its endpoint: the file is not announced, so the catalogue never lists a file without all its replicas.
     */
    private List<Replica> replicate(Did did, SpooledFile file, String contentType, Map<String, String> checksums)
            throws StorageException {
        List<Replica> replicas = new ArrayList<>();
        for (ReplicaStores.Target rse : replicaStores.all()) {
            try {
                putChecked(rse.store(), rse.bucket(), did, file, contentType, checksums);
            } catch (StorageException e) {
                throw new StorageException(rse.describe() + ": " + e.getMessage(), e);
            }
            replicas.add(new Replica(rse.rse(), rse.bucket(), did.objectKey(), rse.endpoint()));
        }
        return replicas;
    }

    /** Writes the file under its DID's key and checks that what is stored there is the file (size and md5). */
    private static void putChecked(ObjectStore target, String bucket, Did did, SpooledFile file, String contentType,
                                   Map<String, String> checksums) throws StorageException {
        target.put(bucket, did.objectKey(), file.path(), contentType, checksums);
        target.verify(bucket, did.objectKey(), file.bytes(), file.md5());
    }

    /** Publishes the rows of every table the description maps and finds in the file; at least one must be there. */
    private List<TableContent> publishHdf5Rows(CollectionDescription description, Did did, SpooledFile file) throws IOException {
        List<TableContent> tables = new ArrayList<>();
        String damage = org.astroarchive.importer.tables.Hdf5SuperblockCheck.problem(file.path());
        if (damage != null) {
            throw new InvalidTableException(damage);
        }
        try (HdfFile hdf = new HdfFile(file.path())) {
            publishTables(description, did, file, tables, mapping -> mapping.fileLevel()
                    ? Hdf5AttributesSource.open(hdf, mapping.source()) : Hdf5TableSource.open(hdf, mapping.source()));
        } catch (HdfException e) {
            throw new InvalidTableException("not a readable HDF5 file: " + e.getMessage());
        } catch (RuntimeException e) {
            // found by suites/BadInputIT: jHDF meets a damaged superblock with ArithmeticException and the like
            if (thrownInside(e, "io.jhdf.")) {
                throw new InvalidTableException("not a readable HDF5 file: " + e.getClass().getSimpleName().replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + " while reading its structure ("
                        + e.getMessage() + ")");
            }
            throw e;
        }
        return checkFound(description, tables);
    }

    /** Whether the first frame outside the JDK that threw {@code e} belongs to the package {@code prefix}. */
    static boolean thrownInside(Throwable e, String prefix) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String owner = frame.getClassName();
            if (!owner.startsWith("java.") && !owner.startsWith("jdk.") && !owner.startsWith("sun.")) {
                return owner.startsWith(prefix);
            }
        }
        return false;
    }

    /** As {@link #publishHdf5Rows}, for FITS binary tables found by EXTNAME (plain or gzip files). */
    private List<TableContent> publishFitsRows(CollectionDescription description, Did did, SpooledFile file) throws IOException {
        List<TableContent> tables = new ArrayList<>();
        try (FitsTableFile fits = FitsTableFile.open(file.path())) {
            publishTables(description, did, file, tables, mapping -> FitsTableSource.open(fits, mapping.source()));
        }
        return checkFound(description, tables);
    }

    /** As {@link #publishHdf5Rows}: one row per file, from the {@code key = value} lines a text file starts with. */
    private List<TableContent> publishTextRow(CollectionDescription description, Did did, SpooledFile file) throws IOException {
        List<TableContent> tables = new ArrayList<>();
        KeyValueTextSource text = KeyValueTextSource.read(file.path());
        publishTables(description, did, file, tables, mapping -> Optional.of(text));
        return checkFound(description, tables);
    }

    /** VOTable or CSV tables read with STIL; {@code source} is the VOTable TABLE name or the table's position. */
    private List<TableContent> publishStilRows(CollectionDescription description, Did did, SpooledFile file) throws IOException {
        List<TableContent> tables = new ArrayList<>();
        publishTables(description, did, file, tables,
                mapping -> StilTableSource.open(file.path(), description.format(), mapping.source()));
        return checkFound(description, tables);
    }

    private void publishTables(CollectionDescription description, Did did, SpooledFile file, List<TableContent> tables,
                               Function<CollectionDescription.TableMapping, Optional<? extends TableSource>> open)
            throws IOException {
        for (CollectionDescription.TableMapping mapping : description.tables()) {
            Optional<? extends TableSource> source = open.apply(mapping);
            if (source.isEmpty()) {
                continue;
            }
            ExtractedTable table = new ExtractedTable(mapping, source.get());
            IngestEvents.RowPublisher publisher = events.rowPublisher();
            table.writeBatches(did.toString(), file.md5(),
                    new RowBatch.Header(description.collection(), config.rse(), table.content()), publisher::send);
            publisher.await();
            tables.add(table.content());
        }
    }

    private static List<TableContent> checkFound(CollectionDescription description, List<TableContent> tables) {
        if (tables.isEmpty()) {
            throw new InvalidTableException("the file holds none of the tables of collection '" + description.collection()
                    + "': expected one of " + description.tables().stream().map(CollectionDescription.TableMapping::source).toList());
        }
        return tables;
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

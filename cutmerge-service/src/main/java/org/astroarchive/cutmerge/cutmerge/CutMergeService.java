package org.astroarchive.cutmerge.cutmerge;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.contracts.ServerTiming;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.astroarchive.cutmerge.hdf5.MergeBuilder;
import org.astroarchive.cutmerge.hdf5.RowIndex;
import org.astroarchive.cutmerge.hdf5.RowIndexCache;
import org.astroarchive.cutmerge.repository.CatalogueRepository;
import org.astroarchive.cutmerge.repository.CatalogueRow;
import org.astroarchive.cutmerge.repository.ResultIndex;
import org.astroarchive.contracts.catalogue.RowTable;
import org.astroarchive.cutmerge.repository.StoredFile;
import org.astroarchive.cutmerge.storage.DatasetFiles;
import org.astroarchive.cutmerge.storage.ObjectStore;
import org.astroarchive.cutmerge.storage.ProgenitorCache;
import org.astroarchive.cutmerge.storage.StorageException;
import org.jboss.logging.Logger;

/**
 * Cut &amp; Merge (issue 5): the selected catalogue rows, extracted from their progenitor HDF5 files, merged into one
 * HDF5 file per request with a {@code /Provenance} group; results cached in S3.
 *
 * <p>Steps: parse the IDs; resolve them in the catalogue (table → link column, row → DID and HDF5 group); add the
 * sources of selected transits that were not selected (the transit correction); find each file's replicas; look
 * the result up in the cache; otherwise take each progenitor from the local progenitor cache (downloaded and md5
 * verified on a miss), find the rows by their key in the
 * key dataset (indexes cached per file md5), copy them, write the result and cache it.
 */
@ApplicationScoped
public class CutMergeService {

    /** Gaia: transits name their source by {@code source_id} (ARCHITECTURE.md, the Spoke 3 reference behaviour). */
    static final String TRANSITS = "gaia.astroelementary";
    static final String SOURCES = "gaia.completesource";
    static final String SOURCE_COLUMN = "source_id";
    /** Bumped whenever the layout of the result changes, so that older cached results are not served. */
    static final String FORMAT = "cutmerge/1";
    private static final int LISTED = 5;
    /** Results waiting to be put into the result cache at most. */
    private static final int CACHE_QUEUE = 64;
    private static final Logger LOG = Logger.getLogger(CutMergeService.class);

    private final CatalogueRepository catalogue;
    private final ResultIndex results;
    private final ObjectStore store;
    private final DatasetFiles datasetFiles;
    private final RowIndexCache indexes;
    private final CutMergeConfig config;
    private final ExecutorService cacheWriter = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(CACHE_QUEUE), task -> {
                Thread thread = new Thread(task, "cutmerge-result-cache");
                thread.setDaemon(true);
                return thread;
            });

    public CutMergeService(CatalogueRepository catalogue, ResultIndex results, ObjectStore store,
                           DatasetFiles datasetFiles, RowIndexCache indexes, CutMergeConfig config) {
        this.catalogue = catalogue;
        this.results = results;
        this.store = store;
        this.datasetFiles = datasetFiles;
        this.indexes = indexes;
        this.config = config;
        ((ThreadPoolExecutor) cacheWriter).allowCoreThreadTimeOut(true);
    }

    /**
     * Merges the rows named by {@code ids} (blank ones ignored, repeated ones taken once, in the order first given),
     * timing its steps in {@code timing}: lookup, cache, then fetch (the progenitors into the local cache) and merge
     * unless the result cache had the result; a new result is stored into the result cache after the answer.
     *
     * @throws CutMergeException with the fault to answer
     * @throws org.astroarchive.cutmerge.repository.CatalogueUnavailableException when PostgreSQL does not answer
     */
    public CutMergeResult merge(List<String> ids, ServerTiming timing) {
        long start = System.nanoTime();
        Selection selection = select(distinct(ids, config.maxRows(), "cutmerge.max-rows"), config.maxRows(),
                "cutmerge.max-rows");
        String hash = selection.hash();
        timing.step("lookup", "rows and their files in the catalogue");
        if (config.cacheEnabled()) {
            Optional<ObjectStore.StoredObject> cached = cached(hash);
            timing.step("cache", cached.isPresent() ? "result found in the cache" : "result cache looked up");
            if (cached.isPresent()) {
                LOG.infof("cut & merge %s: %d IDs served from the cache in %d ms", hash, selection.ids().size(),
                        (System.nanoTime() - start) / 1_000_000);
                return new CutMergeResult(hash, true, null, cached.get().size(), -1, -1, cached.get().body(), null);
            }
        }
        Built built = build(selection, timing, rows -> { });
        Path result = built.file();
        timing.step("merge", selection.rows().size() + " rows read and merged from " + selection.files().size()
                + " files");
        try {
            if (config.cacheEnabled()) {
                storeLater(hash, result);
            }
            LOG.infof("cut & merge %s: %d rows (%d added by the transit correction) from %d files (%d of them in the "
                    + "local cache) in %d ms", hash, selection.rows().size(), selection.corrections().size(),
                    selection.files().size(), built.progenitorHits(), (System.nanoTime() - start) / 1_000_000);
            return new CutMergeResult(hash, false, built.progenitorHits() == selection.files().size() ? "hit" : "miss",
                    Files.size(result), selection.rows().size(), selection.corrections().size(),
                    Files.newInputStream(result), result);
        } catch (IOException e) {
            ObjectStore.deleteQuietly(result);
            throw new UncheckedIOException(e);
        }
    }

    /** How an asynchronous merge tells its progress; it may throw to stop the merge (an aborted job). */
    public interface Progress {
        /** The selection is resolved: {@code total} rows (the transit correction included), none copied yet. */
        void started(int total);

        /** {@code rows} more rows have been copied. */
        void copied(int rows);
    }

    /** A result stored in the result cache (and recorded in {@code cutmerge.results}). */
    public record Stored(String hash, String bucket, String objectKey, long bytes, int rows) {
    }

    /**
     * The IDs of an asynchronous request, checked before its job is created (UWS 1.1 §2.2.3.1 creates the job with
     * its parameters): blank ones dropped, repeats taken once, each of the form of a row ID, at most
     * {@code cutmerge.async.max-rows}.
     *
     * @throws CutMergeException UsageFault or the 413 fault
     */
    public List<String> checkAsync(List<String> ids) {
        List<String> distinct = distinct(ids, config.async().maxRows(), "cutmerge.async.max-rows");
        distinct.forEach(id -> RowId.parse(id, config.authority()));
        return distinct;
    }

    /**
     * The asynchronous form of {@link #merge}: the result of {@code ids} put into the result cache (and recorded)
     * before returning, so that any instance can serve it; a result already there is taken as it is. Bounded by
     * {@code cutmerge.async.max-rows}.
     *
     * @throws CutMergeException with the fault the job ends with
     */
    public Stored mergeIntoCache(List<String> ids, Progress progress) {
        long start = System.nanoTime();
        int max = config.async().maxRows();
        Selection selection = select(distinct(ids, max, "cutmerge.async.max-rows"), max, "cutmerge.async.max-rows");
        int total = selection.rows().size();
        progress.started(total);
        Optional<ResultIndex.StoredResult> recorded = results.find(selection.hash());
        if (recorded.isPresent() && store.exists(recorded.get().bucket(), recorded.get().objectKey())) {
            progress.copied(total);
            return new Stored(selection.hash(), recorded.get().bucket(), recorded.get().objectKey(),
                    recorded.get().bytes(), total);
        }
        Built built = build(selection, new ServerTiming(), progress::copied);
        try {
            long size = Files.size(built.file());
            try (InputStream in = Files.newInputStream(built.file())) {
                store.put(config.cacheBucket(), selection.hash(), in, size, MediaTypes.HDF5);
            }
            results.record(selection.hash(), new ResultIndex.StoredResult(config.cacheBucket(), selection.hash(), size));
            LOG.infof("cut & merge %s (async): %d rows from %d files stored in %d ms", selection.hash(), total,
                    selection.files().size(), (System.nanoTime() - start) / 1_000_000);
            return new Stored(selection.hash(), config.cacheBucket(), selection.hash(), size, total);
        } catch (StorageException e) {
            throw Fault.TRANSIENT.exception("the result could not be stored in the object store (" + e.getMessage()
                    + "); submit the job again shortly", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ObjectStore.deleteQuietly(built.file());
        }
    }

    /** A resolved selection: distinct IDs in order, their rows (corrections last), files and request hash. */
    private record Selection(List<String> ids, List<SelectedRow> rows, List<String> corrections,
                             Map<String, StoredFile> files, String hash) {
    }

    /** A written result file and how many progenitors were already in the local cache. */
    private record Built(Path file, long progenitorHits) {
    }

    /** The IDs without blanks and repeats, in the order first given; UsageFault if none, 413 above {@code max}. */
    private List<String> distinct(List<String> ids, int max, String limitKey) {
        Set<String> distinct = new LinkedHashSet<>();
        ids.stream().filter(id -> id != null && !id.isBlank()).map(String::strip).forEach(distinct::add);
        if (distinct.isEmpty()) {
            throw Fault.USAGE.exception("no ID given: ask for /cutmerge?ID=<row id>[&ID=<row id>...], a row id being "
                    + "ivo://" + config.authority() + "/<schema.table>?<key> as in the #this link of the row's "
                    + "DataLink document");
        }
        if (distinct.size() > max) {
            throw tooMany(distinct.size(), "IDs", max, limitKey);
        }
        return List.copyOf(distinct);
    }

    private Selection select(List<String> ids, int max, String limitKey) {
        List<SelectedRow> rows = resolve(ids.stream().map(id -> RowId.parse(id, config.authority())).toList());
        List<String> corrections = correctTransits(rows);
        if (rows.size() > max) {
            throw tooMany(rows.size(), "rows (" + corrections.size() + " of them sources of selected transits)", max,
                    limitKey);
        }
        Map<String, StoredFile> files = files(rows);
        return new Selection(ids, rows, corrections, files, hash(ids, files));
    }

    /** Takes the progenitors from the local cache (timed as "fetch") and writes the result into a temporary file. */
    private Built build(Selection selection, ServerTiming timing, IntConsumer rowsCopied) {
        Map<String, ProgenitorCache.Lease> local = new LinkedHashMap<>();
        try {
            for (StoredFile file : selection.files().values()) {
                local.put(file.did(), datasetFiles.fetch(file, preferredRse(file, selection.rows()),
                        "progenitor file"));
            }
            long hits = local.values().stream().filter(ProgenitorCache.Lease::hit).count();
            timing.step("fetch", hits + " of " + selection.files().size() + " progenitor files in the local cache");
            return new Built(write(selection, local, rowsCopied), hits);
        } finally {
            local.values().forEach(ProgenitorCache.Lease::close);
        }
    }

    /**
     * The cached result of {@code hash}: looked up in {@code cutmerge.results} (PostgreSQL, beside the catalogue), and
     * only if recorded there read from S3. A recorded object that is gone is forgotten, so it is built again.
     */
    private Optional<ObjectStore.StoredObject> cached(String hash) {
        Optional<ResultIndex.StoredResult> recorded = results.find(hash);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Optional<ObjectStore.StoredObject> cached = store.open(recorded.get().bucket(), recorded.get().objectKey(),
                recorded.get().bytes());
        if (cached.isEmpty()) {
            results.forget(hash);
        }
        return cached;
    }

    /**
     * Puts the result into the result cache off the request path: the S3 PUT took ~70 of the ~115 ms a new 10-row
     * selection cost inside the service (docs/performance.md), and the cache only saves time. The file is opened here
     * because the answer deletes it once sent, and an open file outlives its deletion (POSIX). When uploads queue up
     * (S3 slow), results are not cached rather than held.
     */
    private void storeLater(String hash, Path result) throws IOException {
        long size = Files.size(result);
        InputStream in = Files.newInputStream(result);
        try {
            cacheWriter.execute(() -> {
                long start = System.nanoTime();
                try (in) {
                    store.put(config.cacheBucket(), hash, in, size, MediaTypes.HDF5);
                    results.record(hash, new ResultIndex.StoredResult(config.cacheBucket(), hash, size));
                    LOG.debugf("result %s cached in %d ms", hash, (System.nanoTime() - start) / 1_000_000);
                } catch (StorageException | IOException e) {
                    LOG.warnf("result %s not cached: %s", hash, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            in.close();
            LOG.warnf("result %s not cached: %d results already wait for the result cache", hash, CACHE_QUEUE);
        }
    }

    @PreDestroy
    void stopCacheWriter() throws InterruptedException {
        cacheWriter.shutdown();
        cacheWriter.awaitTermination(10, TimeUnit.SECONDS);
    }

    private CutMergeException tooMany(int count, String what, int max, String limitKey) {
        String hint = max < config.async().maxRows()
                ? "use the asynchronous endpoint /cutmerge/async (up to " + config.async().maxRows() + " rows) or split it"
                : "split it";
        return Fault.TOO_LARGE.exception("the selection has " + count + " " + what + ", more than the " + max
                + " rows one request may extract (" + limitKey + "): " + hint + " into smaller requests");
    }

    /** Catalogue entries of the IDs, in the order given; UsageFault/NotFoundFault for IDs that name no row. */
    private List<SelectedRow> resolve(List<RowId> ids) {
        Map<String, RowTable> tables = new LinkedHashMap<>();
        Map<String, List<Object>> keysByTable = new LinkedHashMap<>();
        List<Object> keys = new ArrayList<>();
        for (RowId id : ids) {
            RowTable table = tables.computeIfAbsent(id.table(), name -> catalogue.rowTable(name).orElseThrow(() ->
                    Fault.NOT_FOUND.exception("'" + id.raw() + "': table " + name + " does not exist or has no rows "
                            + "with identifiers (no file of it has been ingested)")));
            Object key = table.key(id.key()).orElseThrow(() -> Fault.USAGE.exception("'" + id.raw() + "': the key '"
                    + id.key() + "' is not an integer, but " + table.name() + "." + table.linkColumn() + " is"));
            keysByTable.computeIfAbsent(table.name(), t -> new ArrayList<>()).add(key);
            keys.add(key);
        }
        Map<String, Map<Object, CatalogueRow>> found = new LinkedHashMap<>();
        keysByTable.forEach((name, tableKeys) -> found.put(name, catalogue.rows(tables.get(name), tableKeys,
                List.of(SOURCE_COLUMN))));
        List<SelectedRow> rows = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            RowId id = ids.get(i);
            CatalogueRow row = found.get(id.table()).get(keys.get(i));
            if (row == null) {
                missing.add(id.raw());
            } else {
                rows.add(new SelectedRow(id, tables.get(id.table()), row, false));
            }
        }
        if (!missing.isEmpty()) {
            throw Fault.NOT_FOUND.exception(missing.size() + " ID(s) name no row of the catalogue: "
                    + listed(missing) + "; check the IDs against the rows' access_url");
        }
        return rows;
    }

    /**
     * The transit correction: a selected transit ({@value #TRANSITS}) whose source ({@value #SOURCES} by
     * {@value #SOURCE_COLUMN}) is not selected gets its source added, after the selected rows, so that every
     * transit of the result has its source in it. Returns one sentence per added or missing source.
     */
    private List<String> correctTransits(List<SelectedRow> rows) {
        Set<Object> selectedSources = rows.stream().filter(r -> r.table().name().equals(SOURCES))
                .map(r -> r.row().key()).collect(Collectors.toSet());
        Map<Object, List<Object>> transitsBySource = new LinkedHashMap<>();
        for (SelectedRow row : rows) {
            if (row.table().name().equals(TRANSITS)) {
                Object source = row.row().values().get(SOURCE_COLUMN);
                if (source instanceof Number number && !selectedSources.contains(number.longValue())) {
                    transitsBySource.computeIfAbsent(number.longValue(), s -> new ArrayList<>()).add(row.row().key());
                }
            }
        }
        if (transitsBySource.isEmpty()) {
            return List.of();
        }
        Optional<RowTable> sources = catalogue.rowTable(SOURCES);
        Map<Object, CatalogueRow> found = sources.map(t -> catalogue.rows(t, transitsBySource.keySet(), List.of()))
                .orElse(Map.of());
        List<String> corrections = new ArrayList<>();
        transitsBySource.forEach((source, transits) -> {
            CatalogueRow row = found.get(source);
            String because = " (source of selected " + TRANSITS + " row" + (transits.size() == 1 ? " " : "s ")
                    + transits.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
            if (row == null) {
                corrections.add("not added: " + SOURCES + " " + source + because + " is not in the catalogue");
            } else {
                rows.add(new SelectedRow(RowId.of(config.authority(), SOURCES, source), sources.get(), row, true));
                corrections.add("added " + SOURCES + " " + source + because);
            }
        });
        return corrections;
    }

    /** The catalogue entry of each progenitor file, by DID. */
    private Map<String, StoredFile> files(List<SelectedRow> rows) {
        Map<String, StoredFile> files = new LinkedHashMap<>();
        for (SelectedRow row : rows) {
            String did = row.row().did();
            if (!files.containsKey(did)) {
                StoredFile file = catalogue.file(did).filter(f -> !f.replicas().isEmpty()).orElseThrow(() ->
                        Fault.NOT_FOUND.exception("'" + row.id().raw() + "': its progenitor file " + did
                                + " has no catalogue entry or no replica, so its data cannot be extracted"));
                files.put(did, file);
            }
        }
        return files;
    }

    /**
     * The request hash: the IDs in the order given (the order of the rows in the result) and the md5 of every
     * progenitor file, so a re-ingested file (new md5) never serves a stale cached result.
     */
    static String hash(List<String> ids, Map<String, StoredFile> files) {
        StringBuilder text = new StringBuilder(FORMAT).append('\n');
        ids.forEach(id -> text.append(id).append('\n'));
        new TreeSet<>(files.values().stream().map(f -> f.did() + " " + f.md5()).toList())
                .forEach(line -> text.append(line).append('\n'));
        return ObjectStore.sha256(text.toString());
    }

    private Path write(Selection selection, Map<String, ProgenitorCache.Lease> local, IntConsumer rowsCopied) {
        List<SelectedRow> rows = selection.rows();
        Map<String, StoredFile> files = selection.files();
        List<String> corrections = selection.corrections();
        List<String> ids = selection.ids();
        String hash = selection.hash();
        // output position of each row within its group, in selection order
        Map<String, Integer> rowsPerGroup = new LinkedHashMap<>();
        int[] outputRow = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            outputRow[i] = rowsPerGroup.merge(rows.get(i).group(), 1, Integer::sum) - 1;
        }
        MergeBuilder builder = new MergeBuilder(rowsPerGroup);
        long[] rowIndex = new long[rows.size()];
        for (StoredFile file : files.values()) {
            try {
                HdfFile hdf = local.get(file.did()).hdf5(); // kept open by the progenitor cache, never closed here
                Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i).row().did().equals(file.did())) {
                        byGroup.computeIfAbsent(rows.get(i).group(), g -> new ArrayList<>()).add(i);
                    }
                }
                for (var entry : byGroup.entrySet()) {
                    copy(hdf, file, entry.getKey(), entry.getValue(), rows, outputRow, rowIndex, builder, rowsCopied);
                }
            } catch (IllegalStateException | IllegalArgumentException | io.jhdf.exceptions.HdfException e) {
                LOG.errorf("progenitor %s (md5 %s) cannot be merged: %s", file.did(), file.md5(), e.getMessage());
                throw Fault.FATAL.exception("the progenitor file " + file.did() + " does not hold the rows the "
                        + "catalogue says it does: " + e.getMessage() + "; please report this to the archive "
                        + "operators", e);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("request", request(ids));
        root.put("request_hash", hash);
        root.put("generator", "cutmerge-service (Cut & Merge, issue 5)");
        root.put("format", FORMAT);
        root.put("row_count", (long) rows.size());
        putListOrCount(root, "progenitors", List.copyOf(files.keySet()));
        if (!corrections.isEmpty()) {
            putListOrCount(root, "corrections", corrections);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("id", rows.stream().map(r -> r.id().raw()).toArray(String[]::new));
        provenance.put("group", rows.stream().map(SelectedRow::group).toArray(String[]::new));
        provenance.put("row", java.util.Arrays.stream(outputRow).asLongStream().toArray());
        provenance.put("did", rows.stream().map(r -> r.row().did()).toArray(String[]::new));
        provenance.put("row_index", rowIndex);
        provenance.put("md5", rows.stream().map(r -> files.get(r.row().did()).md5()).toArray(String[]::new));
        provenance.put("corrected", rows.stream().mapToInt(r -> r.corrected() ? 1 : 0).toArray());
        Map<String, String> descriptions = Map.of(
                "id", "Persistent ID of the row (ivo://<authority>/<schema.table>?<key>)",
                "group", "Group of this file holding the row",
                "row", "Row within that group (0-based)",
                "did", "DID (scope:name) of the progenitor file the row was extracted from",
                "row_index", "Row within the progenitor file's group (0-based)",
                "md5", "md5 of the progenitor file, verified when read",
                "corrected", "1 if the row was not selected but added by the transit correction (see the root "
                        + "attribute corrections), else 0");
        try {
            Path out = Files.createTempFile("cutmerge-", ".h5");
            try {
                builder.write(out, root, provenance, descriptions);
            } catch (RuntimeException e) {
                ObjectStore.deleteQuietly(out);
                throw e;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy(HdfFile hdf, StoredFile file, String group, List<Integer> selected, List<SelectedRow> rows,
                      int[] outputRow, long[] rowIndex, MergeBuilder builder, IntConsumer rowsCopied) {
        Group node = MergeBuilder.group(hdf, group);
        String keyColumn = rows.get(selected.get(0)).table().linkColumn();
        RowIndex index = indexes.get(file.md5(), group, keyColumn,
                () -> RowIndex.of(MergeBuilder.keys(node, keyColumn)));
        int[] source = new int[selected.size()];
        int[] target = new int[selected.size()];
        List<String> absent = new ArrayList<>();
        for (int j = 0; j < selected.size(); j++) {
            SelectedRow row = rows.get(selected.get(j));
            String column = row.table().linkColumn();
            if (!column.equals(keyColumn)) { // two tables read from one group with different keys: not seen
                throw new IllegalStateException(group + " is keyed by both " + keyColumn + " and " + column);
            }
            source[j] = index.find(row.row().key());
            if (source[j] < 0) {
                absent.add(group + "/" + keyColumn + " = " + row.row().key());
            }
            rowIndex[selected.get(j)] = source[j];
            target[j] = outputRow[selected.get(j)];
        }
        if (!absent.isEmpty()) {
            throw new IllegalStateException("no row with " + listed(absent));
        }
        builder.copy(node, group, index.rows(), source, target, rowsCopied);
    }

    /** The storage element of the file's first selected row: its replica is tried first. */
    private static String preferredRse(StoredFile file, List<SelectedRow> rows) {
        return rows.stream().filter(r -> r.row().did().equals(file.did())).map(r -> r.row().didRse())
                .findFirst().orElse("");
    }

    private static String listed(List<String> items) {
        return items.stream().limit(LISTED).collect(Collectors.joining(", "))
                + (items.size() > LISTED ? " and " + (items.size() - LISTED) + " more" : "");
    }

    /**
     * jHDF writes the root group's attributes into one object header of at most 64 KiB (a 2-byte chunk size, HDF5
     * File Format Specification IV.A.1.b): beyond it the file opens in no reader. So each list attribute stays
     * under 16 kB (at most three of them), and longer values are summarised: /Provenance lists every row's ID,
     * progenitor DID and correction anyway.
     */
    static final int ATTRIBUTE_LIMIT = 16_000;

    /** The request as {@code cutmerge?ID=...&ID=...}, cut short with the number of IDs when it is too long. */
    static String request(List<String> ids) {
        StringBuilder request = new StringBuilder("cutmerge?");
        for (int i = 0; i < ids.size(); i++) {
            String next = (i == 0 ? "" : "&") + "ID=" + URLEncoder.encode(ids.get(i), StandardCharsets.UTF_8);
            if (request.length() + next.length() > ATTRIBUTE_LIMIT - 200) {
                return request + "&... (" + ids.size() + " IDs in all, " + (ids.size() - i)
                        + " left out here: /Provenance/id lists every row)";
            }
            request.append(next);
        }
        return request.toString();
    }

    /** {@code name} as a string array when it fits in an attribute, else {@code name_count} and a note. */
    static void putListOrCount(Map<String, Object> attributes, String name, List<String> values) {
        // jHDF writes fixed-length strings: every element takes the longest one's bytes
        long longest = values.stream().mapToLong(v -> v.getBytes(StandardCharsets.UTF_8).length).max().orElse(0);
        if (values.size() * (longest + 1) <= ATTRIBUTE_LIMIT) {
            attributes.put(name, values.toArray(String[]::new));
        } else {
            attributes.put(name + "_count", (long) values.size());
            attributes.put(name + "_note", "too many to list in an attribute: see /Provenance");
        }
    }
}

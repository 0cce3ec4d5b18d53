package org.astroarchive.cutmerge.storage;

import io.jhdf.HdfFile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.astroarchive.cutmerge.config.CutMergeConfig;
import org.jboss.logging.Logger;

/**
 * Local copies of catalogued files, each named by its md5 ({@code archive.files.md5}): a new version of a file has a
 * new md5, so an entry never goes stale, and its md5 is verified once, when it enters the cache. Bounded by
 * {@code cutmerge.progenitor-cache.max-bytes}, least recently used first out; a file held by a {@link Lease} is never
 * deleted (the bound may be exceeded while every entry is in use). Concurrent requests for a missing md5 share one
 * download. One process per directory: another process's eviction would not respect this one's leases.
 */
@ApplicationScoped
public class ProgenitorCache {

    private static final Logger LOG = Logger.getLogger(ProgenitorCache.class);
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final String PARTIAL = "partial-";

    /** Fills {@code partial} (a new path in the cache directory) with the file's verified bytes, or throws. */
    @FunctionalInterface
    public interface Fetcher {
        void fetchInto(Path partial);
    }

    private final Path dir;
    private final long maxBytes;
    /** Access order: the least recently used entry first. Guarded by {@code this}, as are the fields below. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<Void>> loading = new HashMap<>();
    private long bytes;

    @Inject
    public ProgenitorCache(CutMergeConfig config) {
        this(config.progenitorCache().dir().map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "cutmerge-progenitors")),
                config.progenitorCache().maxBytes());
    }

    public ProgenitorCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            reuse();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " as the progenitor cache (cutmerge.progenitor-cache"
                    + ".dir)", e);
        }
    }

    /**
     * Entries left by an earlier run are kept: a file only ever gets its md5 name by an atomic rename after its md5
     * was verified, so every such file is complete and intact, and keeping them saves downloading up to max-bytes
     * again after each restart. Partial downloads of an interrupted run are deleted. Their modification time (set on
     * every use) restores the least-recently-used order.
     */
    private void reuse() throws IOException {
        List<Path> kept = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(PARTIAL)) {
                    ObjectStore.deleteQuietly(file);
                } else if (MD5.matcher(name).matches() && Files.isRegularFile(file)) {
                    kept.add(file);
                }
            }
        }
        kept.sort(Comparator.comparing(ProgenitorCache::modified));
        synchronized (this) {
            for (Path file : kept) {
                Entry entry = new Entry(file.getFileName().toString(), file, Files.size(file));
                entries.put(entry.md5, entry);
                bytes += entry.size;
            }
            evict();
        }
        LOG.infof("progenitor cache %s: %d files (%d bytes) kept from an earlier run, at most %d bytes", dir,
                entries.size(), bytes, maxBytes);
    }

    /**
     * The local copy of the file whose md5 is {@code md5}: the cached one, else one {@code fetcher} fills (or another
     * request's running download of the same md5, waited for). Close the lease when done reading.
     *
     * @throws RuntimeException what {@code fetcher} threw (the same to requests that waited for that download)
     */
    public Lease acquire(String md5, Fetcher fetcher) {
        String name = md5.toLowerCase(Locale.ROOT);
        if (!MD5.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + md5 + "' is not an md5 (32 hex digits)");
        }
        while (true) {
            CompletableFuture<Void> running;
            CompletableFuture<Void> mine = null;
            Entry cached;
            synchronized (this) {
                cached = entries.get(name);
                if (cached != null) {
                    cached.users++;
                }
                running = loading.get(name);
                if (cached == null && running == null) {
                    mine = new CompletableFuture<>();
                    loading.put(name, mine);
                }
            }
            if (cached != null) {
                touch(cached.file);
                return new Lease(cached, true);
            }
            if (mine != null) {
                return load(name, fetcher, mine);
            }
            try {
                running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            // downloaded: take it from the entries (or load it again if it was already evicted meanwhile)
        }
    }

    private Lease load(String name, Fetcher fetcher, CompletableFuture<Void> done) {
        long start = System.nanoTime();
        Path partial = dir.resolve(PARTIAL + name + "-" + UUID.randomUUID());
        try {
            Entry entry;
            try {
                fetcher.fetchInto(partial);
                Path file = dir.resolve(name);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                entry = new Entry(name, file, Files.size(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep a file in the progenitor cache " + dir, e);
            }
            synchronized (this) {
                entry.users = 1;
                entries.put(name, entry);
                bytes += entry.size;
                loading.remove(name);
                evict();
                LOG.infof("progenitor cache: %s entered (%d bytes, fetched and verified in %d ms); %d files, %d bytes",
                        name, entry.size, (System.nanoTime() - start) / 1_000_000, entries.size(), bytes);
            }
            done.complete(null);
            return new Lease(entry, false);
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(name);
            }
            done.completeExceptionally(e);
            throw e;
        } finally {
            ObjectStore.deleteQuietly(partial);
        }
    }

    /** Deletes least recently used entries nobody reads until the cache fits its bound. Holds the lock. */
    private void evict() {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (bytes > maxBytes && oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entry.users == 0) {
                oldestFirst.remove();
                bytes -= entry.size;
                entry.closeHdf5();
                ObjectStore.deleteQuietly(entry.file);
                LOG.debugf("progenitor cache: %s evicted (%d bytes)", entry.md5, entry.size);
            }
        }
    }

    private synchronized void release(Entry entry) {
        entry.users--;
        evict();
    }

    /** Bytes of the cached files. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Whether the file of {@code md5} is in the cache. */
    public synchronized boolean contains(String md5) {
        return entries.containsKey(md5.toLowerCase(Locale.ROOT));
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) { // only the order after a restart depends on it
            LOG.debugf("cannot touch %s: %s", file, e.getMessage());
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Closes the HDF5 files kept open (at shutdown; the files stay for the next run). */
    @PreDestroy
    synchronized void closeAll() {
        entries.values().forEach(Entry::closeHdf5);
    }

    private static final class Entry {
        final String md5;
        final Path file;
        final long size;
        int users;
        /** The file opened by jHDF, kept open while the entry lives (guarded by the entry). */
        private HdfFile hdf5;

        Entry(String md5, Path file, long size) {
            this.md5 = md5;
            this.file = file;
            this.size = size;
        }

        synchronized HdfFile hdf5() {
            if (hdf5 == null) {
                hdf5 = new HdfFile(file);
            }
            return hdf5;
        }

        /** Called when nobody reads the entry (evicted, or at shutdown). */
        synchronized void closeHdf5() {
            if (hdf5 != null) {
                hdf5.close();
                hdf5 = null;
            }
        }
    }

    /** A cached file in use: not deleted before {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private final boolean hit;
        private boolean closed;

        private Lease(Entry entry, boolean hit) {
            this.entry = entry;
            this.hit = hit;
        }

        public Path path() {
            return entry.file;
        }

        /**
         * The file opened as HDF5, shared by every lease of this md5 and kept open until the entry is evicted: opening
         * it and reading its datasets' headers again cost ~6 of the ~12 ms of reading 10 rows of a 100 MB file
         * (2026-11-23). Files never change (named by md5), and jHDF reads by position (FileChannel.read(buffer,
         * position)) with thread-safe lazy headers, so concurrent requests may read it. Valid while the lease is open.
         */
        public HdfFile hdf5() {
            if (closed) {
                throw new IllegalStateException("the lease of " + entry.md5 + " is closed");
            }
            return entry.hdf5();
        }

        /** True when the file was in the cache (or downloaded by a concurrent request), false when fetched for this one. */
        public boolean hit() {
            return hit;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(entry);
            }
        }
    }
}

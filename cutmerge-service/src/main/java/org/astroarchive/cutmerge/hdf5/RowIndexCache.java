package org.astroarchive.cutmerge.hdf5;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.astroarchive.cutmerge.config.CutMergeConfig;

/**
 * Row indexes of recently used files, keyed by the file's md5 (a new version of a file has a new md5, so an entry
 * never goes stale), group and key column. Bounded by the total rows indexed; least recently used first out.
 */
@ApplicationScoped
public class RowIndexCache {

    private final long maxRows;
    private final LinkedHashMap<String, RowIndex> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long rows;

    public RowIndexCache(CutMergeConfig config) {
        this.maxRows = config.indexCacheRows();
    }

    /** The cached index, or the one {@code build} makes (built outside the lock; cached if it fits). */
    public RowIndex get(String md5, String group, String keyColumn, Supplier<RowIndex> build) {
        String key = md5 + "|" + group + "|" + keyColumn;
        synchronized (this) {
            RowIndex cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        RowIndex built = build.get();
        if (built.rows() <= maxRows) {
            synchronized (this) {
                RowIndex previous = entries.put(key, built);
                rows += built.rows() - (previous == null ? 0 : previous.rows());
                Iterator<Map.Entry<String, RowIndex>> oldest = entries.entrySet().iterator();
                while (rows > maxRows && oldest.hasNext()) {
                    Map.Entry<String, RowIndex> entry = oldest.next();
                    if (entry.getKey().equals(key)) {
                        continue;
                    }
                    rows -= entry.getValue().rows();
                    oldest.remove();
                }
            }
        }
        return built;
    }

    /** Whether an index is cached (for tests and metrics). */
    public synchronized boolean contains(String md5, String group, String keyColumn) {
        return entries.containsKey(md5 + "|" + group + "|" + keyColumn);
    }

    public synchronized long cachedRows() {
        return rows;
    }
}

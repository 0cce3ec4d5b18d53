package org.astroarchive.tap.votable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import uk.ac.starlink.table.RowSequence;

/**
 * The rows of a large result read ahead by a second thread while the writer encodes the ones before. With a
 * server-side cursor pgjdbc fetches the next rows only when the last fetched one has been read, so on one thread
 * PostgreSQL and the writer took turns: PostgreSQL's part of a 100,000-row result was added to the writer's instead of
 * overlapping it. The first {@code directRows} rows are read on the caller's thread, so small results start no thread.
 *
 * <p>{@link #close} stops the reader and waits for it before closing the source, so the connection is free again when
 * it returns. Rows are handed over once: {@link #getRow} gives the reader's array, not a copy.
 */
final class ReadAheadRows implements RowSequence {

    private static final int BATCH = 500;
    /** Batches waiting for the writer: enough to cover one fetch while the writer is busy, a few MB at most. */
    private static final int QUEUED = 8;
    private static final Object[][] END = new Object[0][];

    private final RowSequence source;
    private final long directRows;
    private final BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(QUEUED);
    private Thread reader;
    private volatile boolean closed;
    /** What stopped the reader, if not the end of the rows; read after END was taken. */
    private volatile Throwable failure;
    private long direct;
    private Object[][] batch;
    private int index;
    private Object[] row;

    ReadAheadRows(RowSequence source, long directRows) {
        this.source = source;
        this.directRows = directRows;
    }

    @Override
    public boolean next() throws IOException {
        if (reader == null) {
            if (direct < directRows) {
                direct++;
                if (!source.next()) {
                    direct = directRows;
                    batch = END;
                    return false;
                }
                row = source.getRow();
                return true;
            }
            if (batch == END) {
                return false;
            }
            startReader();
        }
        if (batch == null || index == batch.length) {
            if (batch == END) {
                return false;
            }
            batch = take();
            index = 0;
            if (batch == END) {
                if (failure != null) {
                    throw failure instanceof IOException e ? new IOException(e.getMessage(), e)
                            : new IOException("reading the rows failed: " + failure, failure);
                }
                return false;
            }
        }
        row = batch[index++];
        return true;
    }

    @Override
    public Object getCell(int icol) {
        return row[icol];
    }

    @Override
    public Object[] getRow() {
        return row;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (reader != null) {
            queue.clear(); // a reader waiting for room sees closed at its next attempt
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        source.close();
    }

    private void startReader() {
        reader = new Thread(this::readAll, "tap-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        boolean more = true;
        while (more && !closed) {
            Object[][] rows = new Object[BATCH][];
            int count = 0;
            try {
                while (count < BATCH && source.next()) {
                    rows[count++] = source.getRow();
                }
                more = count == BATCH;
            } catch (Throwable e) {
                // the rows read before the failure still go out first, as they did when one thread read and wrote
                failure = e;
                more = false;
            }
            if (count > 0) {
                put(count == BATCH ? rows : Arrays.copyOf(rows, count));
            }
        }
        put(END);
    }

    /** Waits for room, giving up once the writer has closed the rows. */
    private void put(Object[][] rows) {
        try {
            while (!closed && !queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                // the writer is slower than the database: wait
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Object[][] take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for rows");
        }
    }
}

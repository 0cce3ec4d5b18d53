package org.astroarchive.contracts;

import java.util.function.LongSupplier;

/**
 * The {@code Server-Timing} header of a response (W3C Server Timing, §3): how long each step of the request took on
 * the server, e.g. {@code adql;dur=1.2;desc="parse and translate", db;dur=35.0;desc="query until the first rows"}.
 * The portal's Messages pane shows the entries next to its own timings, as do the browsers' developer tools. Steps
 * are timed one after the other: {@link #step} ends the current step and starts the next.
 */
public final class ServerTiming {

    /** The response header carrying it. */
    public static final String HEADER = "Server-Timing";

    private final StringBuilder value = new StringBuilder();
    private final LongSupplier nanoTime;
    private long mark;

    public ServerTiming() {
        this(System::nanoTime);
    }

    ServerTiming(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.mark = nanoTime.getAsLong();
    }

    /** Ends the step that began at the previous step (or at creation), under {@code name} (a token) and a description. */
    public ServerTiming step(String name, String description) {
        long now = nanoTime.getAsLong();
        add(name, description, (now - mark) / 1e6);
        mark = now;
        return this;
    }

    /** A step timed elsewhere. */
    public ServerTiming add(String name, String description, double millis) {
        if (!value.isEmpty()) {
            value.append(", ");
        }
        value.append(name).append(";dur=");
        appendTenths(Math.max(0, millis));
        if (description != null) {
            // §3: desc is a token or a quoted-string; quotes and backslashes inside are escaped
            value.append(";desc=\"").append(description.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return this;
    }

    /** {@code millis} with one decimal, rounded half up: String.format cost more than the rest of a small query's header. */
    private void appendTenths(double millis) {
        long tenths = Math.round(millis * 10);
        value.append(tenths / 10).append('.').append(tenths % 10);
    }

    /** The header value; empty when no step was recorded. */
    @Override
    public String toString() {
        return value.toString();
    }
}

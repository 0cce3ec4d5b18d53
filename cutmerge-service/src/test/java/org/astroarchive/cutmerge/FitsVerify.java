package org.astroarchive.cutmerge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** HEASARC's fitsverify (Debian package fitsverify) in its one-line mode, {@code fitsverify -q}. */
public final class FitsVerify {

    private FitsVerify() {
    }

    /** The one-line verdict: "verification OK: FILE" or "verification FAILED: FILE, N warnings and M errors". */
    public static String quiet(Path file) {
        try {
            Process process = new ProcessBuilder("fitsverify", "-q", file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("fitsverify did not finish: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run fitsverify (Debian package fitsverify)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

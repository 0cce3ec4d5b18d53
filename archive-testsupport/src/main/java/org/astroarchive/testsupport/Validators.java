package org.astroarchive.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The community's validators, installed by deploy/local/install.sh: Debian's stilts, run through
 * deploy/local/stilts-local so it can never reach beyond loopback, and fitsverify.
 */
public final class Validators {

    private Validators() {
    }

    /** {@code stilts votlint}: its report, empty when the document is valid. */
    public static String votlint(Path votable) {
        return stilts("votlint", "votable=" + votable);
    }

    /** HEASARC's {@code fitsverify} (Debian package fitsverify): its report; a valid file says "verification OK". */
    public static String fitsverify(Path fits) {
        return run(List.of("fitsverify", fits.toString()), "fitsverify");
    }

    /** Runs a stilts task and returns what it printed. */
    public static String stilts(String... arguments) {
        List<String> command = new ArrayList<>(List.of("sh", RepoLayout.root().resolve("deploy/local/stilts-local").toString()));
        command.addAll(List.of(arguments));
        return run(command, "stilts " + arguments[0]);
    }

    private static String run(List<String> command, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in 300 s:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what + " (installed by deploy/local/install.sh)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

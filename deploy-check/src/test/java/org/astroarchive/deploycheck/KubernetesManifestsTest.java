package org.astroarchive.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs deploy/k8s/check.sh: every overlay renders with kubectl kustomize and passes the offline rules. */
class KubernetesManifestsTest {

    @Test
    void everyOverlayRendersAndValidates() throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("archive.repo.root", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("deploy/k8s/check.sh");
        assertTrue(Files.isRegularFile(script), "missing " + script);

        Process process = new ProcessBuilder("bash", script.toString())
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        // Output is read before waiting, so a full pipe can never block the script.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check.sh did not finish in 60 s:\n" + output);
        System.out.print(output);
        assertEquals(0, process.exitValue(), "deploy/k8s/check.sh failed:\n" + output);
    }
}

package org.astroarchive.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs deploy/kibana/check.py: the dashboards are what their generator writes, every reference resolves, and every
 * field they use is one the services write (audit MDC keys, contract components) with the type Filebeat gives it.
 */
class KibanaSavedObjectsTest {

    @Test
    void dashboardsUseOnlyFieldsTheServicesWrite() throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("archive.repo.root", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("deploy/kibana/check.py");
        assertTrue(Files.isRegularFile(script), "missing " + script);

        // Debian's python3 has PyYAML (install.sh); a pyenv python3 first on PATH may not
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, script.toString(), "--repo", repo.toString())
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "check.py did not finish in 60 s:\n" + output);
        System.out.print(output);
        assertEquals(0, process.exitValue(), "deploy/kibana/check.py failed:\n" + output);
    }
}

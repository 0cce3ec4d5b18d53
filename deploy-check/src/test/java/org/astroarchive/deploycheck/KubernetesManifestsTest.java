package org.astroarchive.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Runs deploy/k8s/check.sh: every overlay renders with kubectl kustomize and passes the offline rules. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesManifestsTest {

    private static final Path REPO = Path.of(System.getProperty("archive.repo.root", "..")).toAbsolutePath().normalize();

    @Test
    @Order(1)
    void everyOverlayRendersAndValidates() throws IOException, InterruptedException {
        Path script = REPO.resolve("deploy/k8s/check.sh");
        assertTrue(Files.isRegularFile(script), "missing " + script);
        // the first run also installs the schema packages (npm ci)
        Result check = run("bash", script.toString());
        System.out.print(check.output());
        assertEquals(0, check.exitCode(), "deploy/k8s/check.sh failed:\n" + check.output());
    }

    @Test
    @Order(2)
    void theSchemaCheckRejectsWrongTypesAndValuesOutsideTheSchema(@TempDir Path dir) throws IOException, InterruptedException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: tap-service, namespace: archive}
                spec:
                  replicas: two
                  selector: {matchLabels: {app: tap}}
                  template:
                    metadata: {labels: {app: tap}}
                    spec: {containers: [{name: tap, image: "astroarchive/tap-service:1"}]}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: ingest.rows.v1, namespace: archive}
                spec: {partitions: 6, replicas: -1}
                ---
                apiVersion: k8s.keycloak.org/v2alpha1
                kind: Keycloak
                metadata: {name: archive-keycloak, namespace: archive}
                spec: {instances: 1}
                """);
        Result check = run("node", REPO.resolve("deploy/k8s/schemas/validate-schemas.mjs").toString(), "broken=" + broken);
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains("Deployment/tap-service: data/spec/replicas must be integer"), check.output());
        assertTrue(check.output().contains("KafkaTopic/ingest.rows.v1: data/spec/replicas must be >= 1"), check.output());
        assertTrue(check.output().contains("no schema for k8s.keycloak.org/v2alpha1 Keycloak"), check.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        // Output is read before waiting, so a full pipe can never block the script.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), String.join(" ", command) + " did not finish in 180 s:\n" + output);
        return new Result(process.exitValue(), output);
    }
}

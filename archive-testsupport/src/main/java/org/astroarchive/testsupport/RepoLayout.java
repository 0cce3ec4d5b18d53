package org.astroarchive.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's scripts, component jars and packaged services are, seen from a test JVM. */
public final class RepoLayout {

    private RepoLayout() {
    }

    /** The repository root: the {@code archive.repo.root} system property (set by the parent pom) or a parent of the working folder. */
    public static Path root() {
        String configured = System.getProperty("archive.repo.root");
        if (configured != null && Files.exists(Path.of(configured, "deploy/local/component.sh"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/local/component.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find deploy/local/component.sh above " + Path.of("").toAbsolutePath());
    }

    public static Path componentScript() {
        return root().resolve("deploy/local/component.sh");
    }

    /** Same rule as the scripts: {@code $ARCHIVE_HOME}, else {@code <repo>/.archive}. */
    public static Path archiveHome() {
        String env = System.getenv("ARCHIVE_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : root().resolve(".archive");
    }

    /** The runnable jar of a packaged Quarkus service module. */
    public static Path serviceJar(String module) {
        return root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}

package org.astroarchive.importer.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.astroarchive.importer.service.IngestProgress;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness carries the importer's state. It stays UP in FAULT: an importer taken out of the load balancer could
 * never receive the file whose success clears the fault; the storage and Kafka checks report the cause.
 */
@Readiness
@ApplicationScoped
public class ImporterStateCheck implements HealthCheck {

    private final IngestProgress progress;

    public ImporterStateCheck(IngestProgress progress) {
        this.progress = progress;
    }

    @Override
    public HealthCheckResponse call() {
        IngestProgress.Status status = progress.status();
        return HealthCheckResponse.named("importer")
                .up()
                .withData("state", status.state().name())
                .withData("inProgress", status.inProgress())
                .withData("filesIngested", status.filesIngested())
                .withData("rowsPublished", status.rowsPublished())
                .withData("lastError", status.lastError() == null ? "" : status.lastError())
                .build();
    }
}

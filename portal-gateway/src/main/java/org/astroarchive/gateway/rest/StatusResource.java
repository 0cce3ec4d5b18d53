package org.astroarchive.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.astroarchive.gateway.client.ServiceHealthClient;
import org.astroarchive.gateway.client.ServiceHealthClient.ServiceStatus;

/** {@code GET /api/status}: the readiness of every service behind the gateway. */
@Path("/api/status")
public class StatusResource {

    private final ServiceHealthClient health;

    public StatusResource(ServiceHealthClient health) {
        this.health = health;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ServiceStatus> status() {
        return health.statuses();
    }
}

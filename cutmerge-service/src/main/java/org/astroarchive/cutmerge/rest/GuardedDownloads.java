package org.astroarchive.cutmerge.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.astroarchive.cutmerge.audit.DownloadAudit;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.security.CollectionGuard;
import org.astroarchive.security.AccessRulesUnavailableException;

/**
 * What every dataset download of this service (SODA, event selection) does around its own work (issue 6): the
 * collection guard before any file is read, and one audit event at the end, after the last byte or with the fault
 * or refusal.
 */
@ApplicationScoped
class GuardedDownloads {

    /** The endpoint's own work, on DALI parameters (upper-case names). */
    @FunctionalInterface
    interface Work {
        Response run(Map<String, List<String>> parameters, DownloadAudit.Download download);
    }

    private final CollectionGuard guard;
    private final DownloadAudit audit;

    GuardedDownloads(CollectionGuard guard, DownloadAudit audit) {
        this.guard = guard;
        this.audit = audit;
    }

    Response serve(Map<String, List<String>> parameters, HttpHeaders headers, Work work) {
        List<String> ids = parameters.getOrDefault("ID", List.of());
        List<String> clientId = parameters.getOrDefault("CLIENTID", List.of());
        DownloadAudit.Download download = audit.start(ids, clientId.isEmpty() ? null : clientId.get(0), headers);
        return download.around(() -> guarded(ids, parameters, download, work));
    }

    private Response guarded(List<String> ids, Map<String, List<String>> parameters, DownloadAudit.Download download,
                             Work work) {
        try {
            guard.check(ids);
        } catch (AccessRulesUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": the access rules of the collections cannot be read; retry shortly");
        }
        return work.run(parameters, download);
    }
}

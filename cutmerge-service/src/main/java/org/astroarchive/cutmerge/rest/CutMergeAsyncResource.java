package org.astroarchive.cutmerge.rest;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.cutmerge.async.AsyncCutMerge;
import org.astroarchive.cutmerge.async.CutMergeJob;
import org.astroarchive.cutmerge.async.JobDocuments;
import org.astroarchive.cutmerge.async.JobStore;
import org.astroarchive.cutmerge.async.Phase;
import org.astroarchive.cutmerge.audit.DownloadAudit;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.CutMergeService;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.astroarchive.cutmerge.security.CollectionGuard;
import org.astroarchive.cutmerge.storage.ObjectStore;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.astroarchive.security.Caller;
import org.astroarchive.security.CurrentCaller;

/**
 * Asynchronous Cut &amp; Merge as a UWS 1.1 job list: {@code POST /cutmerge/async} with the IDs of {@code /cutmerge}
 * (and {@code PHASE=RUN}) creates a job (303 to it), its document tells its phase and progress, and
 * {@code /results/result} answers the HDF5 file once COMPLETED. Same collection guard and audit events as
 * {@code /cutmerge}; the result is the one {@code /cutmerge} would give for the same IDs (the same request hash).
 */
@Path("/cutmerge/async")
public class CutMergeAsyncResource {

    private static final String XML = "text/xml; charset=UTF-8";
    private static final String TEXT = "text/plain; charset=UTF-8";

    private final AsyncCutMerge jobs;
    private final CutMergeService service;
    private final CollectionGuard guard;
    private final DownloadAudit audit;
    private final CurrentCaller caller;
    private final ObjectStore store;

    public CutMergeAsyncResource(AsyncCutMerge jobs, CutMergeService service, CollectionGuard guard,
                                 DownloadAudit audit, CurrentCaller caller, ObjectStore store) {
        this.jobs = jobs;
        this.service = service;
        this.guard = guard;
        this.audit = audit;
        this.caller = caller;
        this.store = store;
    }

    /** UWS 1.1 §2.2.2.1: the caller's jobs (anonymous callers: the anonymous jobs). */
    @GET
    public Response list(@Context UriInfo uri) {
        return storeAnswering(() -> Response.ok(JobDocuments.jobList(jobs.list(caller.get()), base(uri).toString()),
                XML).build());
    }

    /**
     * UWS 1.1 §2.2.3.1: creates a job of the IDs; PHASE=RUN starts it. Refused (401/403, audited, nothing stored)
     * unless the caller may read every row's collection; IDs that are missing, malformed or too many are a 400/413
     * before any job exists.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context HttpHeaders headers) {
        MultivaluedMap<String, String> fields = all(form, uri);
        List<String> ids = CutMergeResource.ids(fields);
        String clientId = CutMergeResource.clientId(fields);
        DownloadAudit.Download download = audit.start(ids, clientId, headers);
        Response response;
        try {
            response = created(ids, clientId, fields, uri);
        } catch (RuntimeException e) {
            throw download.refused(e);
        }
        return response.getStatus() >= 400 ? download.answered(response) : response;
    }

    private Response created(List<String> ids, String clientId, MultivaluedMap<String, String> fields, UriInfo uri) {
        try {
            guard.check(ids);
        } catch (AccessRulesUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": the access rules of the collections cannot be read; "
                    + "retry shortly");
        }
        String phase = single(fields, "PHASE");
        if (phase != null && !phase.equalsIgnoreCase("RUN")) {
            return Faults.text(400, Fault.USAGE.label() + ": PHASE='" + phase + "': only PHASE=RUN may be given when "
                    + "creating a job (UWS 1.1 §2.2.3.1)");
        }
        List<String> checked;
        try {
            checked = service.checkAsync(ids);
        } catch (CutMergeException e) {
            return Faults.text(e.fault().status(), e.text());
        }
        return storeAnswering(() -> {
            CutMergeJob job = jobs.create(checked, single(fields, "RUNID"), clientId, caller.get(), phase != null);
            return Response.seeOther(jobUrl(uri, job.jobId())).build();
        });
    }

    /** UWS 1.1 §2.2.2.2, with §2.2.1.1 blocking: {@code WAIT=<seconds>} (and optionally {@code PHASE=<phase>}). */
    @GET
    @Path("{jobId}")
    public Response job(@PathParam("jobId") String jobId, @Context UriInfo uri) {
        return withJob(jobId, job -> {
            MultivaluedMap<String, String> query = all(null, uri);
            String wait = single(query, "WAIT");
            CutMergeJob shown = job;
            if (wait != null) {
                long seconds;
                Phase phase;
                try {
                    seconds = Long.parseLong(wait.strip());
                    String phaseName = single(query, "PHASE");
                    phase = phaseName == null ? null : Phase.valueOf(phaseName.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return Faults.text(400, Fault.USAGE.label() + ": WAIT must be a whole number of seconds and PHASE "
                            + "a UWS phase (UWS 1.1 §2.2.1.1): " + e.getMessage());
                }
                try {
                    Optional<CutMergeJob> waited = jobs.await(jobId, phase, Duration.ofSeconds(seconds));
                    if (waited.isEmpty()) {
                        return notFound(jobId);
                    }
                    shown = waited.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.ok(JobDocuments.job(shown, jobUrl(uri, jobId).toString()), XML).build();
        });
    }

    /** UWS 1.1 §2.2.3.3: DELETE, or POST ACTION=DELETE, then 303 to the job list. */
    @DELETE
    @Path("{jobId}")
    public Response delete(@PathParam("jobId") String jobId, @Context UriInfo uri) {
        return withJob(jobId, job -> {
            jobs.delete(jobId);
            return Response.seeOther(base(uri)).build();
        });
    }

    @POST
    @Path("{jobId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postToJob(@PathParam("jobId") String jobId, MultivaluedMap<String, String> form,
                              @Context UriInfo uri) {
        String action = single(all(form, uri), "ACTION");
        if (action == null || !action.equalsIgnoreCase("DELETE")) {
            return Faults.text(400, Fault.USAGE.label() + ": ACTION='" + action + "': only ACTION=DELETE is accepted "
                    + "here (UWS 1.1 §2.2.3.3)");
        }
        return delete(jobId, uri);
    }

    @GET
    @Path("{jobId}/phase")
    public Response phase(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> Response.ok(job.phase().name(), TEXT).build());
    }

    /** UWS 1.1 §2.2.3.1: PHASE=RUN starts a PENDING job, PHASE=ABORT stops an active one; then 303 to the job. */
    @POST
    @Path("{jobId}/phase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePhase(@PathParam("jobId") String jobId, MultivaluedMap<String, String> form,
                                @Context UriInfo uri) {
        String phase = single(all(form, uri), "PHASE");
        return withJob(jobId, job -> {
            if ("RUN".equalsIgnoreCase(phase)) {
                jobs.run(jobId);
            } else if ("ABORT".equalsIgnoreCase(phase)) {
                jobs.abort(jobId);
            } else {
                return Faults.text(400, Fault.USAGE.label() + ": PHASE='" + phase + "': give PHASE=RUN or PHASE=ABORT "
                        + "(UWS 1.1 §2.2.3.1)");
            }
            return Response.seeOther(jobUrl(uri, jobId)).build();
        });
    }

    @GET
    @Path("{jobId}/parameters")
    public Response parameters(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> Response.ok(JobDocuments.parameters(job), XML).build());
    }

    @GET
    @Path("{jobId}/results")
    public Response results(@PathParam("jobId") String jobId, @Context UriInfo uri) {
        return withJob(jobId, job -> Response.ok(JobDocuments.results(job, jobUrl(uri, jobId).toString()), XML).build());
    }

    @GET
    @Path("{jobId}/error")
    public Response error(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> job.phase() == Phase.ERROR && job.errorSummary() != null
                ? Response.ok(job.errorSummary() + "\n", TEXT).build()
                : Faults.text(404, Fault.NOT_FOUND.label() + ": job " + jobId + " has no error: it is " + job.phase()));
    }

    @GET
    @Path("{jobId}/executionduration")
    public Response executionDuration(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> Response.ok(Integer.toString(job.executionDuration()), TEXT).build());
    }

    @GET
    @Path("{jobId}/destruction")
    public Response destruction(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> Response.ok(JobDocuments.time(job.destruction()), TEXT).build());
    }

    @GET
    @Path("{jobId}/owner")
    public Response owner(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> Response.ok(job.ownerId() == null ? "" : job.ownerId(), TEXT).build());
    }

    @GET
    @Path("{jobId}/quote")
    public Response quote(@PathParam("jobId") String jobId) {
        return withJob(jobId, job -> Response.ok("", TEXT).build()); // UWS 1.1 §2.2.3.4: no estimate given
    }

    /**
     * The HDF5 file of a COMPLETED job, streamed from the result cache: the same bytes {@code /cutmerge} answers for
     * the same IDs. A download: the collection guard checks the caller again and the audit event counts its bytes.
     */
    @GET
    @Path("{jobId}/results/result")
    public Response result(@PathParam("jobId") String jobId, @Context HttpHeaders headers) {
        return withJob(jobId, job -> {
            DownloadAudit.Download download = audit.start(job.ids(), job.clientId(), headers);
            return download.around(() -> resultOf(job, download));
        });
    }

    private Response resultOf(CutMergeJob job, DownloadAudit.Download download) {
        try {
            guard.check(job.ids());
        } catch (AccessRulesUnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": the access rules of the collections cannot be read; "
                    + "retry shortly");
        }
        if (job.phase() != Phase.COMPLETED || job.resultKey() == null) {
            return Faults.text(404, Fault.NOT_FOUND.label() + ": job " + job.jobId() + " has no result: it is "
                    + job.phase());
        }
        Optional<ObjectStore.StoredObject> object = store.open(job.resultBucket(), job.resultKey(), job.resultBytes());
        if (object.isEmpty()) {
            return Faults.text(404, Fault.NOT_FOUND.label() + ": the result of job " + job.jobId() + " is no longer "
                    + "in the result cache; create the job again");
        }
        StreamingOutput body = out -> {
            try (ObjectStore.StoredObject stored = object.get()) {
                stored.body().transferTo(out);
            }
        };
        return Response.ok(download.streamed(body), MediaTypes.HDF5)
                .header("Content-Disposition", "attachment; filename=cutmerge-" + job.resultKey() + ".h5")
                .header("Content-Length", job.resultBytes())
                .build();
    }

    @FunctionalInterface
    private interface JobWork {
        Response run(CutMergeJob job);
    }

    /**
     * Runs {@code work} on the job if it exists (404 otherwise) and belongs to the caller: an anonymous job to whoever
     * holds its URL, another to its owner only (401 for an anonymous caller, 403 for another user).
     */
    private Response withJob(String jobId, JobWork work) {
        return storeAnswering(() -> {
            Optional<CutMergeJob> job = jobs.find(jobId);
            if (job.isEmpty()) {
                return notFound(jobId);
            }
            Caller who = caller.get();
            if (!job.get().mayBeUsedBy(who)) {
                if (!who.authenticated()) {
                    throw new UnauthorizedException("job " + jobId + " belongs to a user: log in");
                }
                throw new ForbiddenException("job " + jobId + " belongs to another user than " + who.name());
            }
            return work.run(job.get());
        });
    }

    @FunctionalInterface
    private interface StoreWork {
        Response run();
    }

    /** A job store that does not answer is a 503, as the catalogue's. */
    private static Response storeAnswering(StoreWork work) {
        try {
            return work.run();
        } catch (JobStore.UnavailableException e) {
            return Faults.text(503, Fault.TRANSIENT.label() + ": " + e.getMessage() + "; retry shortly");
        }
    }

    private static Response notFound(String jobId) {
        return Faults.text(404, Fault.NOT_FOUND.label() + ": no job " + jobId + " (never created, deleted, or past "
                + "its destruction time)");
    }

    /** The form and the query together (DALI 1.1: names case-insensitive, looked up by {@link #single}). */
    private static MultivaluedMap<String, String> all(MultivaluedMap<String, String> form, UriInfo uri) {
        MultivaluedMap<String, String> all = new MultivaluedHashMap<>();
        uri.getQueryParameters().forEach(all::addAll);
        if (form != null) {
            form.forEach(all::addAll);
        }
        return all;
    }

    /** The first value of a parameter, name case-insensitive; null if absent. */
    private static String single(MultivaluedMap<String, String> parameters, String name) {
        for (var entry : parameters.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    private static URI base(UriInfo uri) {
        return uri.getBaseUriBuilder().path("cutmerge/async").build();
    }

    private static URI jobUrl(UriInfo uri, String jobId) {
        return uri.getBaseUriBuilder().path("cutmerge/async").path(jobId).build();
    }
}

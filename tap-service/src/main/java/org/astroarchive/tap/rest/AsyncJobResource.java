package org.astroarchive.tap.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.astroarchive.contracts.MediaTypes;
import org.astroarchive.tap.uws.Job;
import org.astroarchive.tap.uws.JobService;
import org.astroarchive.tap.uws.Phase;
import org.astroarchive.tap.uws.JobFileStore;
import org.astroarchive.tap.uws.UwsDocuments;
import org.astroarchive.tap.votable.VotableWriter;
import java.util.Optional;
import org.astroarchive.tap.uws.JobRepository;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.astroarchive.security.Caller;
import org.astroarchive.tap.security.CallerRights;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** TAP 1.1 §2.3 asynchronous queries as UWS 1.1 jobs: {@code /tap/async}. */
@Path("/tap/async")
public class AsyncJobResource {

    private static final String XML = "text/xml";

    private final JobService jobs;
    private final JobRepository repository;
    private final JobFileStore files;
    private final CallerRights rights;

    public AsyncJobResource(JobService jobs, JobRepository repository, JobFileStore files, CallerRights rights) {
        this.jobs = jobs;
        this.repository = repository;
        this.rights = rights;
        this.files = files;
    }

    /** UWS 1.1 §2.2.2.1: PHASE (repeatable), AFTER and LAST filter the list. */
    @GET
    @Produces(XML)
    public Response list(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        try {
            Set<Phase> phases = EnumSet.noneOf(Phase.class);
            for (String phase : values(query, "PHASE")) {
                phases.add(Phase.valueOf(phase.toUpperCase(Locale.ROOT)));
            }
            String after = first(query, "AFTER");
            String last = first(query, "LAST");
            Integer lastCount = last == null ? null : Integer.valueOf(last);
            if (lastCount != null && lastCount < 1) {
                throw new IllegalArgumentException("LAST must be a positive integer");
            }
            Caller caller = rights.caller();
            // UWS: a user sees their own jobs; an anonymous caller the anonymous ones
            List<Job> list = repository.list(caller.authenticated() ? caller.name() : null, phases,
                    after == null ? null : Instant.parse(after), lastCount);
            return Response.ok(UwsDocuments.jobList(list, asyncUrl(uri)), XML).build();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return plain(Response.Status.BAD_REQUEST, "bad job list filter: " + e.getMessage()
                    + ". Hint: PHASE is a UWS phase, AFTER an ISO 8601 instant, LAST a positive integer");
        }
    }

    /** Creates a job (303 to it); PHASE=RUN starts it. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> form, @Context UriInfo uri) {
        Map<String, String> parameters = TapParameters.of(orEmpty(form), uri.getQueryParameters()).asMap();
        Response refusal = refuseNul(parameters);
        if (refusal != null) {
            return refusal;
        }
        Job job = jobs.create(parameters, rights.caller());
        return seeOther(asyncUrl(uri) + "/" + job.jobId());
    }

    /**
     * Found by suites/BadInputIT: a NUL character cannot be stored in the job's parameters (PostgreSQL text and
     * jsonb refuse U+0000), which ended the request in "job store unavailable" (503). It is the caller's mistake.
     */
    private static Response refuseNul(Map<String, String> parameters) {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() != null && parameter.getValue().indexOf('\u0000') >= 0) {
                return plain(Response.Status.BAD_REQUEST, parameter.getKey() + " contains a NUL character (U+0000). Hint: "
                        + "remove it; no parameter of a TAP job may contain one");
            }
        }
        return null;
    }

    /** Creates a job with inline uploads (TAP 1.1 §2.5.1), sent as multipart/form-data. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response createMultipart(MultipartFormDataInput input, @Context UriInfo uri) {
        MultipartRequest request = MultipartRequest.of(input);
        Map<String, String> parameters = TapParameters.of(request.fields(), uri.getQueryParameters()).asMap();
        Response refusal = refuseNul(parameters);
        if (refusal != null) {
            return refusal;
        }
        try {
            Job job = jobs.create(parameters, rights.caller(), request.files());
            return seeOther(asyncUrl(uri) + "/" + job.jobId());
        } catch (IllegalArgumentException e) {
            return plain(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** The job; WAIT (seconds, -1 = longest) and PHASE block while it stays in an active phase. */
    @GET
    @Path("{id}")
    @Produces(XML)
    public Response job(@PathParam("id") String id, @Context UriInfo uri) throws InterruptedException {
        String wait = first(uri.getQueryParameters(), "WAIT");
        String phase = first(uri.getQueryParameters(), "PHASE");
        try {
            Optional<Job> job = find(id);
            if (job.isPresent() && wait != null) {
                job = jobs.await(id, phase == null ? null : Phase.valueOf(phase.toUpperCase(Locale.ROOT)),
                        Duration.ofSeconds(Long.parseLong(wait)));
            }
            return job.map(j -> Response.ok(UwsDocuments.job(j, asyncUrl(uri) + "/" + id), XML).build())
                    .orElseGet(() -> notFound(id));
        } catch (IllegalArgumentException e) {
            return plain(Response.Status.BAD_REQUEST, "bad WAIT or PHASE: " + e.getMessage()
                    + ". Hint: WAIT is a number of seconds (-1 for the longest), PHASE a UWS phase");
        }
    }

    /** ACTION=DELETE on the job (UWS 1.1 §2.2.3.2), or parameters while PENDING. */
    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@PathParam("id") String id, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        Map<String, String> parameters = TapParameters.of(orEmpty(form)).asMap();
        if ("DELETE".equalsIgnoreCase(parameters.get("ACTION"))) {
            return delete(id, uri);
        }
        return setParameters(id, parameters, uri);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context UriInfo uri) {
        return find(id).isPresent() && jobs.delete(id) ? seeOther(asyncUrl(uri)) : notFound(id);
    }

    @GET
    @Path("{id}/phase")
    @Produces(MediaType.TEXT_PLAIN)
    public Response phase(@PathParam("id") String id) {
        return find(id).map(job -> Response.ok(job.phase().name()).build()).orElseGet(() -> notFound(id));
    }

    /** PHASE=RUN or PHASE=ABORT (UWS 1.1 §2.2.3.1). */
    @POST
    @Path("{id}/phase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePhase(@PathParam("id") String id, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        if (find(id).isEmpty()) {
            return notFound(id);
        }
        String phase = TapParameters.of(orEmpty(form)).get("PHASE");
        if ("RUN".equalsIgnoreCase(phase)) {
            jobs.run(id);
        } else if ("ABORT".equalsIgnoreCase(phase)) {
            jobs.abort(id);
        } else {
            return plain(Response.Status.BAD_REQUEST, "PHASE=" + phase + " cannot be set. Hint: use PHASE=RUN or PHASE=ABORT");
        }
        return seeOther(jobUrl(uri, id));
    }

    @GET
    @Path("{id}/executionduration")
    @Produces(MediaType.TEXT_PLAIN)
    public Response executionDuration(@PathParam("id") String id) {
        return find(id).map(job -> Response.ok(Integer.toString(job.executionDuration())).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("{id}/executionduration")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setExecutionDuration(@PathParam("id") String id, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        try {
            long seconds = Long.parseLong(TapParameters.of(orEmpty(form)).get("EXECUTIONDURATION"));
            return find(id).isEmpty() ? notFound(id) : changed(jobs.setExecutionDuration(id, seconds), id, uri);
        } catch (NumberFormatException e) {
            return plain(Response.Status.BAD_REQUEST, "EXECUTIONDURATION must be a whole number of seconds");
        }
    }

    @GET
    @Path("{id}/destruction")
    @Produces(MediaType.TEXT_PLAIN)
    public Response destruction(@PathParam("id") String id) {
        return find(id).map(job -> Response.ok(UwsDocuments.time(job.destruction())).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("{id}/destruction")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setDestruction(@PathParam("id") String id, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        try {
            Instant destruction = Instant.parse(TapParameters.of(orEmpty(form)).get("DESTRUCTION"));
            return find(id).isPresent() && jobs.setDestruction(id, destruction) ? seeOther(jobUrl(uri, id)) : notFound(id);
        } catch (DateTimeParseException | NullPointerException e) {
            return plain(Response.Status.BAD_REQUEST, "DESTRUCTION must be an ISO 8601 instant, e.g. 2030-01-01T00:00:00Z");
        }
    }

    /** Quotes are not estimated (UWS 1.1 §2.2.3.4: the quote may be unknown). */
    @GET
    @Path("{id}/quote")
    @Produces(MediaType.TEXT_PLAIN)
    public Response quote(@PathParam("id") String id) {
        return find(id).map(job -> Response.ok("").build()).orElseGet(() -> notFound(id));
    }

    @GET
    @Path("{id}/owner")
    @Produces(MediaType.TEXT_PLAIN)
    public Response owner(@PathParam("id") String id) {
        return find(id).map(job -> Response.ok(job.ownerId() == null ? "" : job.ownerId()).build()).orElseGet(() -> notFound(id));
    }

    @GET
    @Path("{id}/parameters")
    @Produces(XML)
    public Response parameters(@PathParam("id") String id) {
        return find(id).map(job -> Response.ok(UwsDocuments.parameters(job), XML).build()).orElseGet(() -> notFound(id));
    }

    @POST
    @Path("{id}/parameters")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response postParameters(@PathParam("id") String id, MultivaluedMap<String, String> form, @Context UriInfo uri) {
        return setParameters(id, TapParameters.of(orEmpty(form)).asMap(), uri);
    }

    @GET
    @Path("{id}/results")
    @Produces(XML)
    public Response resultList(@PathParam("id") String id, @Context UriInfo uri) {
        return find(id).map(job -> Response.ok(UwsDocuments.results(job, jobUrl(uri, id)), XML).build())
                .orElseGet(() -> notFound(id));
    }

    /** TAP 1.1 §2.7.1: the single result, named "result", streamed from S3. */
    @GET
    @Path("{id}/results/result")
    public Response result(@PathParam("id") String id) {
        Optional<Job> job = find(id);
        if (job.isEmpty()) {
            return notFound(id);
        }
        if (job.get().phase() != Phase.COMPLETED || job.get().resultKey() == null) {
            return plain(Response.Status.NOT_FOUND, "job " + id + " has no result: it is " + job.get().phase()
                    + ". Hint: wait for COMPLETED (GET the job with WAIT=-1)");
        }
        String key = job.get().resultKey();
        String mimeType = UwsDocuments.resultMimeType(job.get());
        StreamingOutput body = out -> {
            try (InputStream in = files.open(key)) {
                in.transferTo(out);
            } catch (java.io.IOException e) {
                throw e;
            } catch (Exception e) {
                throw new java.io.IOException("result of job " + id + " unavailable: " + e.getMessage(), e);
            }
        };
        return Response.ok(body, mimeType).build();
    }

    /** UWS 1.1 §2.2.2.4 / DALI: the error of a failed job as a VOTable error document. */
    @GET
    @Path("{id}/error")
    public Response error(@PathParam("id") String id) {
        Optional<Job> job = find(id);
        if (job.isEmpty()) {
            return notFound(id);
        }
        if (job.get().phase() != Phase.ERROR) {
            return plain(Response.Status.NOT_FOUND, "job " + id + " has no error: it is " + job.get().phase());
        }
        return Response.ok(VotableWriter.errorDocument(job.get().errorSummary()), MediaTypes.VOTABLE).build();
    }

    private Response setParameters(String id, Map<String, String> parameters, UriInfo uri) {
        if (find(id).isEmpty()) {
            return notFound(id);
        }
        return changed(jobs.setParameters(id, parameters), id, uri);
    }

    /** A change a job's phase no longer allows is refused with the reason (UWS 1.1: only while PENDING). */
    private Response changed(boolean done, String id, UriInfo uri) {
        return done ? seeOther(jobUrl(uri, id))
                : plain(Response.Status.CONFLICT, "job " + id + " is no longer PENDING; its parameters cannot change");
    }

    /**
     * The job, if the caller may use it. UWS: a job belongs to its owner (anonymous jobs to whoever holds the URL);
     * another user's job is 403, or 401 for an anonymous caller, so that the login challenges are sent.
     */
    private Optional<Job> find(String id) {
        Optional<Job> job = jobs.find(id);
        Caller caller = rights.caller();
        if (job.isPresent() && !job.get().mayBeUsedBy(caller)) {
            if (!caller.authenticated()) {
                throw new UnauthorizedException("job " + id + " belongs to a user: log in as its owner");
            }
            throw new ForbiddenException("job " + id + " belongs to another user");
        }
        return job;
    }

    private static Response seeOther(String url) {
        return Response.seeOther(URI.create(url)).build();
    }

    private static Response notFound(String id) {
        return plain(Response.Status.NOT_FOUND, "no job " + id + ". Hint: list the jobs at /tap/async");
    }

    private static Response plain(Response.Status status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message + "\n").build();
    }

    private static String asyncUrl(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/tap/async";
    }

    private static String jobUrl(UriInfo uri, String id) {
        return asyncUrl(uri) + "/" + id;
    }

    private static String first(MultivaluedMap<String, String> parameters, String name) {
        List<String> all = values(parameters, name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Values of a parameter whatever the case of its name (DALI 1.1 §3). */
    private static List<String> values(MultivaluedMap<String, String> parameters, String name) {
        return parameters.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    private static MultivaluedMap<String, String> orEmpty(MultivaluedMap<String, String> form) {
        return form == null ? new MultivaluedHashMap<>() : form;
    }
}

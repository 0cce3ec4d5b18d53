package org.astroarchive.tap.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.astroarchive.tap.uws.JobStoreException;

/** An outage of the job store is the server's problem: 503 with what happened, never a bare 500. */
@Provider
public class JobStoreExceptionMapper implements ExceptionMapper<JobStoreException> {
    @Override
    public Response toResponse(JobStoreException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_PLAIN)
                .entity(e.getMessage() + ". Hint: retry later\n").build();
    }
}

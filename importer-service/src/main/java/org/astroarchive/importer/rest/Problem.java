package org.astroarchive.importer.rest;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document, with a hint telling the caller how to fix the request. */
public record Problem(String type, String title, int status, String detail, String hint) {

    public static Problem of(int status, String title, String detail, String hint) {
        return new Problem("about:blank", title, status, detail, hint);
    }

    public Response toResponse() {
        return Response.status(status).type("application/problem+json").entity(this).build();
    }
}

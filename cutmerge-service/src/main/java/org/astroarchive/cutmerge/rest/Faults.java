package org.astroarchive.cutmerge.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.astroarchive.cutmerge.cutmerge.CutMergeException;
import org.astroarchive.cutmerge.cutmerge.Fault;
import org.jboss.logging.Logger;

/** Plain-text fault answers (SODA 1.0 §5.2, DALI 1.1): the body starts with the fault name. */
final class Faults {

    private static final Logger LOG = Logger.getLogger(Faults.class);

    private Faults() {
    }

    static Response answer(CutMergeException e, String what) {
        if (e.fault().status() >= 500) {
            LOG.errorf(e, "%s failed: %s", what, e.text());
        }
        return text(e.fault().status(), e.text());
    }

    /** A fault of this service, never of the request: said in the same form. */
    static Response unexpected(RuntimeException e, String what) {
        LOG.errorf(e, "%s failed", what);
        return text(500, Fault.FATAL.label() + ": the service failed (" + e + "); please report this to the archive "
                + "operators");
    }

    static Response text(int status, String text) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(text + "\n")
                .build();
    }
}

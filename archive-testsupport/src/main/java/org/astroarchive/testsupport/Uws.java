package org.astroarchive.testsupport;

import io.restassured.path.xml.XmlPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.function.Supplier;

/** Following UWS 1.1 jobs of the TAP service from tests. */
public final class Uws {

    private Uws() {
    }

    /**
     * The job document once the job has stopped running (or after a minute). UWS 1.1 §2.2.1.1: a blocking {@code WAIT}
     * returns at any phase change, QUEUED → EXECUTING included, so one WAIT may still see EXECUTING.
     *
     * @param caller new requests of the job's owner, e.g. {@code RestAssured::given}
     */
    public static XmlPath awaitEnd(Supplier<RequestSpecification> caller, String jobUrl) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            XmlPath job = caller.get().queryParam("WAIT", "30").when().get(jobUrl).then().statusCode(200).extract().xmlPath();
            String phase = job.getString("job.phase");
            if (!(phase.equals("QUEUED") || phase.equals("EXECUTING")) || System.nanoTime() > deadline) {
                return job;
            }
        }
    }
}

package org.astroarchive.tap.uws;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.astroarchive.tap.votable.ResultFormat;
import uk.ac.starlink.votable.VOSerializer;

/** The XML documents of UWS 1.1 (namespace http://www.ivoa.net/xml/UWS/v1.0, version 1.1). */
public final class UwsDocuments {

    private static final String NAMESPACES = "xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" "
            + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    private UwsDocuments() {
    }

    /** §2.2.2.1: the job list; {@code baseUrl} is the /async resource. */
    public static String jobList(List<Job> jobs, String baseUrl) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<uws:jobs ")
                .append(NAMESPACES).append(" version=\"1.1\">\n");
        for (Job job : jobs) {
            xml.append("  <uws:jobref id=\"").append(attr(job.jobId())).append("\" xlink:type=\"simple\" xlink:href=\"")
                    .append(attr(baseUrl + "/" + job.jobId())).append("\">\n")
                    .append("    <uws:phase>").append(job.phase()).append("</uws:phase>\n");
            optional(xml, "    ", "runId", job.runId());
            nillable(xml, "    ", "ownerId", job.ownerId());
            xml.append("    <uws:creationTime>").append(time(job.creationTime())).append("</uws:creationTime>\n")
                    .append("  </uws:jobref>\n");
        }
        return xml.append("</uws:jobs>\n").toString();
    }

    /** §2.2.2.2: the job; element order as the UWS 1.1 schema requires. */
    public static String job(Job job, String jobUrl) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<uws:job ")
                .append(NAMESPACES).append(" version=\"1.1\">\n");
        xml.append("  <uws:jobId>").append(text(job.jobId())).append("</uws:jobId>\n");
        optional(xml, "  ", "runId", job.runId());
        nillable(xml, "  ", "ownerId", job.ownerId());
        xml.append("  <uws:phase>").append(job.phase()).append("</uws:phase>\n");
        xml.append("  <uws:quote xsi:nil=\"true\"/>\n");
        xml.append("  <uws:creationTime>").append(time(job.creationTime())).append("</uws:creationTime>\n");
        nillable(xml, "  ", "startTime", time(job.startTime()));
        nillable(xml, "  ", "endTime", time(job.endTime()));
        xml.append("  <uws:executionDuration>").append(job.executionDuration()).append("</uws:executionDuration>\n");
        xml.append("  <uws:destruction>").append(time(job.destruction())).append("</uws:destruction>\n");
        xml.append(parametersElement(job.parameters(), "  "));
        xml.append(resultsElement(job, jobUrl, "  "));
        if (job.phase() == Phase.ERROR && job.errorSummary() != null) {
            xml.append("  <uws:errorSummary type=\"fatal\" hasDetail=\"true\">\n    <uws:message>")
                    .append(text(job.errorSummary())).append("</uws:message>\n  </uws:errorSummary>\n");
        }
        return xml.append("</uws:job>\n").toString();
    }

    public static String parameters(Job job) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + parametersElement(job.parameters(), "")
                .replaceFirst("<uws:parameters>", "<uws:parameters " + NAMESPACES + ">");
    }

    public static String results(Job job, String jobUrl) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + resultsElement(job, jobUrl, "")
                .replaceFirst("<uws:results>", "<uws:results " + NAMESPACES + ">");
    }

    private static String parametersElement(Map<String, String> parameters, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<uws:parameters>\n");
        parameters.forEach((name, value) -> xml.append(indent).append("  <uws:parameter id=\"").append(attr(name.toUpperCase()))
                .append("\">").append(text(value)).append("</uws:parameter>\n"));
        return xml.append(indent).append("</uws:parameters>\n").toString();
    }

    private static String resultsElement(Job job, String jobUrl, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<uws:results>\n");
        if (job.phase() == Phase.COMPLETED && job.resultKey() != null) {
            // TAP 1.1 §2.7.1: the result is named "result"
            xml.append(indent).append("  <uws:result id=\"result\" xlink:type=\"simple\" xlink:href=\"")
                    .append(attr(jobUrl + "/results/result")).append("\"");
            if (job.resultBytes() != null) {
                xml.append(" size=\"").append(job.resultBytes()).append("\"");
            }
            xml.append(" mime-type=\"").append(attr(resultMimeType(job))).append("\"/>\n");
        }
        return xml.append(indent).append("</uws:results>\n").toString();
    }

    private static void optional(StringBuilder xml, String indent, String name, String value) {
        if (value != null) {
            xml.append(indent).append("<uws:").append(name).append('>').append(text(value)).append("</uws:").append(name).append(">\n");
        }
    }

    private static void nillable(StringBuilder xml, String indent, String name, String value) {
        if (value == null) {
            xml.append(indent).append("<uws:").append(name).append(" xsi:nil=\"true\"/>\n");
        } else {
            optional(xml, indent, name, value);
        }
    }

    /** The media type of a completed job's result, from its RESPONSEFORMAT (checked when the job ran). */
    public static String resultMimeType(Job job) {
        String requested = job.parameters().getOrDefault("RESPONSEFORMAT", job.parameters().get("FORMAT"));
        return ResultFormat.parse(requested).orElse(ResultFormat.VOTABLE_BINARY2).mimeType();
    }

    public static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String text(String value) {
        return VOSerializer.formatText(value);
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;");
    }
}

package org.astroarchive.cutmerge.async;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.astroarchive.contracts.MediaTypes;

/** The XML documents of UWS 1.1 (namespace http://www.ivoa.net/xml/UWS/v1.0, version 1.1) for Cut &amp; Merge jobs. */
public final class JobDocuments {

    private static final String NAMESPACES = "xmlns:uws=\"http://www.ivoa.net/xml/UWS/v1.0\" "
            + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private JobDocuments() {
    }

    /** §2.2.2.1: the job list; {@code baseUrl} is the /cutmerge/async resource. */
    public static String jobList(List<CutMergeJob> jobs, String baseUrl) {
        StringBuilder xml = new StringBuilder(HEAD).append("<uws:jobs ").append(NAMESPACES).append(" version=\"1.1\">\n");
        for (CutMergeJob job : jobs) {
            xml.append("  <uws:jobref id=\"").append(escape(job.jobId())).append("\" xlink:type=\"simple\" xlink:href=\"")
                    .append(escape(baseUrl + "/" + job.jobId())).append("\">\n")
                    .append("    <uws:phase>").append(job.phase()).append("</uws:phase>\n");
            element(xml, "    ", "runId", job.runId(), false);
            element(xml, "    ", "ownerId", job.ownerId(), true);
            element(xml, "    ", "creationTime", time(job.creationTime()), false);
            xml.append("  </uws:jobref>\n");
        }
        return xml.append("</uws:jobs>\n").toString();
    }

    /**
     * §2.2.2.2: the job, elements in the order of the UWS 1.1 schema. The progress is in {@code uws:jobInfo} (§2.2.2.2
     * leaves its content to the service): {@code <progress rowsDone="..." rowsTotal="..."/>}, rowsTotal absent until
     * the IDs are resolved.
     */
    public static String job(CutMergeJob job, String jobUrl) {
        StringBuilder xml = new StringBuilder(HEAD).append("<uws:job ").append(NAMESPACES).append(" version=\"1.1\">\n");
        element(xml, "  ", "jobId", job.jobId(), false);
        element(xml, "  ", "runId", job.runId(), false);
        element(xml, "  ", "ownerId", job.ownerId(), true);
        element(xml, "  ", "phase", job.phase().name(), false);
        xml.append("  <uws:quote xsi:nil=\"true\"/>\n");
        element(xml, "  ", "creationTime", time(job.creationTime()), false);
        element(xml, "  ", "startTime", time(job.startTime()), true);
        element(xml, "  ", "endTime", time(job.endTime()), true);
        element(xml, "  ", "executionDuration", Integer.toString(job.executionDuration()), false);
        element(xml, "  ", "destruction", time(job.destruction()), false);
        xml.append(parametersElement(job, "  "));
        xml.append(resultsElement(job, jobUrl, "  "));
        if (job.phase() == Phase.ERROR && job.errorSummary() != null) {
            xml.append("  <uws:errorSummary type=\"").append(job.errorSummary().startsWith("TransientFault") ? "transient"
                    : "fatal").append("\" hasDetail=\"false\">\n    <uws:message>").append(escape(job.errorSummary()))
                    .append("</uws:message>\n  </uws:errorSummary>\n");
        }
        xml.append("  <uws:jobInfo>\n    <progress rowsDone=\"").append(job.rowsDone()).append('"');
        if (job.rowsTotal() != null) {
            xml.append(" rowsTotal=\"").append(job.rowsTotal()).append('"');
        }
        return xml.append("/>\n  </uws:jobInfo>\n</uws:job>\n").toString();
    }

    /** §2.2.2.2 parameters: every ID (repeated, in order), RUNID and clientId as given. */
    public static String parameters(CutMergeJob job) {
        return HEAD + parametersElement(job, "").replaceFirst("<uws:parameters>", "<uws:parameters " + NAMESPACES + ">");
    }

    public static String results(CutMergeJob job, String jobUrl) {
        return HEAD + resultsElement(job, jobUrl, "").replaceFirst("<uws:results>", "<uws:results " + NAMESPACES + ">");
    }

    private static String parametersElement(CutMergeJob job, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<uws:parameters>\n");
        for (String id : job.ids()) {
            xml.append(indent).append("  <uws:parameter id=\"ID\">").append(escape(id)).append("</uws:parameter>\n");
        }
        if (job.clientId() != null) {
            xml.append(indent).append("  <uws:parameter id=\"CLIENTID\">").append(escape(job.clientId()))
                    .append("</uws:parameter>\n");
        }
        return xml.append(indent).append("</uws:parameters>\n").toString();
    }

    private static String resultsElement(CutMergeJob job, String jobUrl, String indent) {
        StringBuilder xml = new StringBuilder(indent).append("<uws:results>\n");
        if (job.phase() == Phase.COMPLETED && job.resultKey() != null) {
            xml.append(indent).append("  <uws:result id=\"result\" xlink:type=\"simple\" xlink:href=\"")
                    .append(escape(jobUrl + "/results/result")).append("\" size=\"").append(job.resultBytes())
                    .append("\" mime-type=\"").append(MediaTypes.HDF5).append("\"/>\n");
        }
        return xml.append(indent).append("</uws:results>\n").toString();
    }

    /** {@code <uws:name>value</uws:name>}; a null value is left out, or written as xsi:nil when {@code nillable}. */
    private static void element(StringBuilder xml, String indent, String name, String value, boolean nillable) {
        if (value != null) {
            xml.append(indent).append("<uws:").append(name).append('>').append(escape(value)).append("</uws:")
                    .append(name).append(">\n");
        } else if (nillable) {
            xml.append(indent).append("<uws:").append(name).append(" xsi:nil=\"true\"/>\n");
        }
    }

    public static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package org.astroarchive.suites;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service answered to a {@link Probe}: the status (or the transport failure: a reset connection, a timeout)
 * and the body, with the message a caller reads from it.
 */
record Answer(Probe probe, int status, String contentType, String body, String transportError, long millis, String location) {

    Answer(Probe probe, int status, String contentType, String body, String transportError, long millis) {
        this(probe, status, contentType, body, transportError, millis, null);
    }

    private static final Pattern QUERY_STATUS_ERROR = Pattern.compile(
            "<INFO[^>]*name=\"QUERY_STATUS\"[^>]*value=\"ERROR\"[^>]*>(.*?)</INFO>", Pattern.DOTALL);
    private static final Pattern QUERY_STATUS_ERROR_EMPTY = Pattern.compile(
            "<INFO[^>]*name=\"QUERY_STATUS\"[^>]*value=\"ERROR\"[^>]*/>");
    private static final Pattern JSON_DETAIL = Pattern.compile("\"(?:detail|error|message)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ERROR_MESSAGE_CELL = Pattern.compile("<TD>((?:UsageFault|NotFoundFault|TransientFault|FatalFault|DefaultFault)[^<]*)</TD>");
    /** What leaks from a server's insides: Java stack frames and exception class names, driver internals. */
    private static final Pattern INTERNALS = Pattern.compile(
            "(\\n\\s*at [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\()|\\b(java|javax|jakarta|io\\.vertx|io\\.quarkus|org\\.postgresql|org\\.jboss|net\\.sf\\.jsqlparser|io\\.jhdf|nom\\.tam)\\.[a-z]+\\.[\\w.$]*(Exception|Error)\\b"
                    + "|NullPointerException|ArrayIndexOutOfBounds|ClassCastException|NumberFormatException|IllegalStateException");

    boolean transportFailed() {
        return transportError != null;
    }

    boolean isServerError() {
        return status >= 500;
    }

    /**
     * A VOTable error document (DALI 1.1 §4.4.2): QUERY_STATUS=ERROR, whatever the HTTP status; or a DataLink links
     * table whose rows are all faults (DataLink 1.1 §3.2: a bad ID is an error row in a 200 answer).
     */
    boolean isErrorDocument() {
        if (body == null) {
            return false;
        }
        if (QUERY_STATUS_ERROR.matcher(body).find() || QUERY_STATUS_ERROR_EMPTY.matcher(body).find()) {
            return true;
        }
        return contentType.contains("content=datalink") && ERROR_MESSAGE_CELL.matcher(body).find()
                && !body.contains("X-Amz-Signature") && !body.matches("(?s).*<TD>#(progenitor|counterpart|cutout)</TD>.*");
    }

    /** Refused: a 4xx, or a 200 carrying an error document where the standard allows it. */
    boolean isRejection() {
        return !transportFailed() && (status >= 400 && status < 500 || status >= 200 && status < 300 && isErrorDocument());
    }

    boolean isSuccess() {
        return !transportFailed() && status >= 200 && status < 300 && !isErrorDocument();
    }

    /** The message a caller reads: the QUERY_STATUS text, problem JSON's detail, a DataLink fault cell, or the text. */
    String message() {
        if (body == null) {
            return "";
        }
        Matcher votable = QUERY_STATUS_ERROR.matcher(body);
        if (votable.find()) {
            return unescape(votable.group(1).trim());
        }
        Matcher json = JSON_DETAIL.matcher(body);
        if (json.find()) {
            return json.group(1);
        }
        Matcher fault = ERROR_MESSAGE_CELL.matcher(body);
        if (fault.find()) {
            return unescape(fault.group(1));
        }
        return body.trim();
    }

    /** Why this answer breaks the bad-input rules, or null when it keeps them. */
    String problem() {
        if (transportFailed()) {
            return "no HTTP answer: " + transportError;
        }
        if (isServerError()) {
            return "server error " + status;
        }
        if (isSuccess()) {
            return probe.mayPass() ? null : "accepted (" + status + ") instead of rejected";
        }
        if (!isRejection()) {
            return "neither success nor rejection: " + status;
        }
        if (status == 401 || status == 403 || status == 413 || status == 414 || status == 415 || status == 405) {
            return null; // refusals by the framework or the security layer: the status itself is the explanation
        }
        String message = message();
        if (message.isBlank() || message.length() < 8) {
            return "rejected without a message";
        }
        if (INTERNALS.matcher(body).find()) {
            return "the message shows the server's internals (stack trace or exception class)";
        }
        if (!probe.mentions().isEmpty()) {
            String lower = message.toLowerCase(Locale.ROOT);
            if (probe.mentions().stream().noneMatch(m -> lower.contains(m.toLowerCase(Locale.ROOT)))) {
                return "the message does not name any of " + probe.mentions();
            }
        }
        return null;
    }

    String statusLabel() {
        if (transportFailed()) {
            return "no answer";
        }
        return isErrorDocument() && status < 300 ? status + " (error document)" : Integer.toString(status);
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}

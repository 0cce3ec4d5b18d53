package org.astroarchive.datalink.datalink;

/**
 * One row of a DataLink 1.1 links table (§3.2): exactly one of {@code accessUrl}, {@code serviceDef} and
 * {@code errorMessage} is set. Null means "no value" (an empty cell).
 *
 * @param id               the ID value exactly as the caller gave it
 * @param accessUrl        URL of the linked resource
 * @param serviceDef       ID of a service descriptor in the same document
 * @param errorMessage     {@code <Fault>: <text>} when the link could not be made
 * @param semantics        vocabulary term, never null
 * @param description      human-readable text
 * @param contentType      media type of the linked resource
 * @param contentLength    its size in bytes
 * @param contentQualifier product-type term of the linked resource
 * @param localSemantics   a service-specific term
 * @param linkAuth         {@code false}, {@code optional} or {@code true}: whether using the link needs
 *                         authentication
 * @param linkAuthorized   whether the caller may use the link
 * @param descriptor       the service descriptor {@code serviceDef} names, written after the table; null for data links
 */
public record Link(String id, String accessUrl, String serviceDef, String errorMessage, String semantics,
                   String description, String contentType, Long contentLength, String contentQualifier,
                   String localSemantics, String linkAuth, Boolean linkAuthorized, ServiceDescriptor descriptor) {

    public Link(String id, String accessUrl, String serviceDef, String errorMessage, String semantics,
                String description, String contentType, Long contentLength, String contentQualifier,
                String localSemantics, String linkAuth, Boolean linkAuthorized) {
        this(id, accessUrl, serviceDef, errorMessage, semantics, description, contentType, contentLength,
                contentQualifier, localSemantics, linkAuth, linkAuthorized, null);
    }

    /** A link to a service (DataLink 1.1 §4): no access_url; service_def names the descriptor written with the table. */
    public static Link service(String id, Semantics semantics, String description, ServiceDescriptor descriptor) {
        return new Link(id, null, descriptor.id(), null, semantics.term(), description, null, null, null, null,
                "false", Boolean.TRUE, descriptor);
    }

    /** A link anyone may follow (a presigned URL, a public service): link_auth false, link_authorized true. */
    public static Link open(String id, Semantics semantics, String accessUrl, String description, String contentType,
                            Long contentLength) {
        return new Link(id, accessUrl, null, null, semantics.term(), description, contentType, contentLength, null,
                null, "false", Boolean.TRUE);
    }

    /** A link that could not be made, for the given semantics. */
    public static Link error(String id, Semantics semantics, Fault fault, String message) {
        return new Link(id, null, null, fault.message(message), semantics.term(), null, null, null, null, null, null,
                null);
    }

    /**
     * An ID that names nothing or cannot be read. DataLink 1.1 §3.2: such a row carries the fault in
     * error_message; its semantics is {@code #this} (the data the ID would have named).
     */
    public static Link error(String id, Fault fault, String message) {
        return error(id, Semantics.THIS, fault, message);
    }

    /** The same link, marked as needing authentication (DataLink 1.1 §3.2 link_auth): a private collection's. */
    public Link needingAuthentication() {
        return new Link(id, accessUrl, serviceDef, errorMessage, semantics, description, contentType, contentLength,
                contentQualifier, localSemantics, errorMessage == null ? "true" : null, linkAuthorized, descriptor);
    }

    /** The same link answering another ID (a selection's links are those of its rows, under the selection's ID). */
    public Link withId(String otherId) {
        return new Link(otherId, accessUrl, serviceDef, errorMessage, semantics, description, contentType, contentLength,
                contentQualifier, localSemantics, linkAuth, linkAuthorized, descriptor);
    }
}

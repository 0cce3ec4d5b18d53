package org.astroarchive.tap.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import uk.ac.starlink.votable.VOSerializer;

/**
 * DALI 1.1 §2.3 examples: an XHTML page with RDFa markup that TOPCAT shows in its examples menu. The examples are
 * data ({@code examples/examples.json}) and a test runs every one of them.
 */
@Path("/tap/examples")
public class ExamplesResource {

    /** One example query. */
    public record Example(String id, String name, String description, String query, List<String> tables) {
    }

    private final String page;

    public ExamplesResource(ObjectMapper json) {
        this.page = render(load(json));
    }

    public static List<Example> load(ObjectMapper json) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("examples/examples.json")) {
            return json.readValue(in, new TypeReference<List<Example>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read examples/examples.json", e);
        }
    }

    @GET
    @Produces("application/xhtml+xml")
    public String examples() {
        return page;
    }

    private static String render(List<Example> examples) {
        StringBuilder xhtml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.1//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-2.dtd">
                <html xmlns="http://www.w3.org/1999/xhtml" version="XHTML+RDFa 1.1">
                <head><title>Example queries</title></head>
                <body vocab="http://www.ivoa.net/rdf/examples#">
                <h1>Example queries</h1>
                """);
        for (Example example : examples) {
            xhtml.append("<div id=\"").append(text(example.id())).append("\" resource=\"#").append(text(example.id()))
                    .append("\" typeof=\"example\">\n")
                    .append("  <h2 property=\"name\">").append(text(example.name())).append("</h2>\n")
                    .append("  <p>").append(text(example.description())).append("</p>\n")
                    .append("  <pre property=\"query\">").append(text(example.query())).append("</pre>\n");
            for (String table : example.tables()) {
                xhtml.append("  <p>Table: <span property=\"table\">").append(text(table)).append("</span></p>\n");
            }
            xhtml.append("</div>\n");
        }
        return xhtml.append("</body>\n</html>\n").toString();
    }

    private static String text(String value) {
        return VOSerializer.formatText(value).replace("\"", "&quot;");
    }
}

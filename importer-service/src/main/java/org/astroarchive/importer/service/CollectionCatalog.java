package org.astroarchive.importer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.astroarchive.importer.config.ImporterConfig;

/** The bundled collection descriptions ({@code collections/<name>.json}), loaded once at start-up. */
@ApplicationScoped
public class CollectionCatalog {

    private final Map<String, CollectionDescription> descriptions = new TreeMap<>();

    public CollectionCatalog(ImporterConfig config, ObjectMapper mapper) {
        for (String name : config.collections()) {
            String resource = "collections/" + name + ".json";
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("importer.collections names '" + name + "' but " + resource + " is missing");
                }
                descriptions.put(name, mapper.readValue(in, CollectionDescription.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }

    public Optional<CollectionDescription> find(String collection) {
        return Optional.ofNullable(descriptions.get(collection));
    }

    public java.util.Set<String> names() {
        return descriptions.keySet();
    }
}

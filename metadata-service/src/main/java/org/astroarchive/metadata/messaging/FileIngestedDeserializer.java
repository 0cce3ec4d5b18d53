package org.astroarchive.metadata.messaging;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import org.astroarchive.contracts.FileIngested;

/** JSON → {@link FileIngested}, with Quarkus' configured ObjectMapper (ISO-8601 instants). */
public class FileIngestedDeserializer extends ObjectMapperDeserializer<FileIngested> {
    public FileIngestedDeserializer() {
        super(FileIngested.class);
    }
}

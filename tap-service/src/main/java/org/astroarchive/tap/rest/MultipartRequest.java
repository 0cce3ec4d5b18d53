package org.astroarchive.tap.rest;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** A multipart/form-data TAP request split into its parameters and its uploaded files (by part name). */
record MultipartRequest(MultivaluedMap<String, String> fields, Map<String, Path> files) {

    static MultipartRequest of(MultipartFormDataInput input) {
        MultivaluedMap<String, String> fields = new MultivaluedHashMap<>();
        Map<String, Path> files = new HashMap<>();
        input.getValues().forEach((name, values) -> {
            for (FormValue value : values) {
                if (value.isFileItem()) {
                    files.putIfAbsent(name, value.getFileItem().getFile());
                } else {
                    fields.add(name, value.getValue());
                }
            }
        });
        return new MultipartRequest(fields, files);
    }
}

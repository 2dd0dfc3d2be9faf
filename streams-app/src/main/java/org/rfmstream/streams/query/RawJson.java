package org.rfmstream.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.rfmstream.schemas.Json;

/**
 * A JSON document passed on byte for byte, e.g. another instance's answer: re-writing it would change how its
 * numbers look ({@code 0.00} would become {@code 0}).
 */
public record RawJson(byte[] bytes) {

    /** @throws IOException if the bytes are not one JSON document */
    static RawJson checked(byte[] bytes) throws IOException {
        Json.mapper().readTree(bytes);
        return new RawJson(bytes);
    }

    public JsonNode tree() {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

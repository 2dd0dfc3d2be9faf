package org.rfmstream.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** YAML (one or several documents per file) and JSON read as Jackson trees. */
final class YamlFiles {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private YamlFiles() {
    }

    static JsonNode read(Path file) {
        List<JsonNode> documents = readAll(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " has " + documents.size() + " YAML documents, expected one");
        }
        return documents.getFirst();
    }

    /** Every non-empty document of a multi-document file ({@code ---} separated). */
    static List<JsonNode> readAll(Path file) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return documents.readAll().stream().filter(node -> node != null && !node.isNull()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse YAML " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse JSON " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.rfmstream.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema side of the contract, as any other language would apply it: the networknt validator
 * (draft 2020-12, {@code format} asserted) over documents parsed by a strict mapper of its own, independent
 * of the project's {@link Json} configuration.
 */
final class ContractSchemas {

    static final String TRANSACTION = "transaction.schema.json";
    static final String CUSTOMER_PROFILE = "customer-profile.schema.json";
    static final String SEGMENT_MODEL = "segment-model.schema.json";
    static final String SEGMENT_CHANGE = "segment-change.schema.json";
    static final String ERASURE_REQUEST = "erasure-request.schema.json";

    private static final ObjectMapper STRICT_PARSER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** The schema file's own JSON, from {@code schemas/} on the classpath (where the main jar ships it). */
    static JsonNode schemaDocument(String file) {
        try (InputStream in = ContractSchemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema /schemas/" + file + " on the classpath");
            }
            return STRICT_PARSER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonSchema schema(String file) {
        return SCHEMAS.computeIfAbsent(file, f -> FACTORY.getSchema(schemaDocument(f), CONFIG));
    }

    /** Everything the schema finds wrong with the raw document; a document that is not JSON is one problem. */
    static List<String> problems(String file, byte[] raw) {
        JsonNode document;
        try {
            document = STRICT_PARSER.readTree(raw);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (document == null || document.isMissingNode()) {
            return List.of("not JSON: no value");
        }
        return problems(file, document);
    }

    static List<String> problems(String file, JsonNode document) {
        return schema(file).validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}

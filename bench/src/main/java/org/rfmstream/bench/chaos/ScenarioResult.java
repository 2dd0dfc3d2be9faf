package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one fault run saw: {@code docs/benchmarks/chaos-<scenario>.json}. Checks are pass/fail facts about
 * correctness and error statuses; the HTTP figures (shares, seconds of nothing but 503) are measurements, not
 * checks, and depend on the machine.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scenario", "description", "passed", "checks", "command", "build", "startedAt", "finishedAt",
        "machine", "parameters", "timeline", "replay", "http", "correctness", "httpCheck", "strays", "error"})
record ScenarioResult(String scenario, String description, boolean passed, List<Check> checks, String command,
                      Map<String, String> build, Instant startedAt, Instant finishedAt, Map<String, Object> machine,
                      Map<String, Object> parameters, List<Moment> timeline, Map<String, Object> replay,
                      List<Window> http, Correctness correctness, HttpCheck httpCheck, Map<String, Object> strays,
                      String error) {

    /** One pass/fail fact. */
    record Check(String name, boolean passed, String detail) {
    }

    /** Something that happened, when (epoch milliseconds, and seconds since the lookups began). */
    @JsonPropertyOrder({"at", "second", "what"})
    record Moment(Instant at, Long second, String what) {
    }

    /** The lookups one instance answered over a named window, and per second. */
    @JsonPropertyOrder({"window", "figures", "perSecond"})
    record Window(String window, Tally.Figures figures,
                  @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Tally.Second> perSecond) {
    }

    private static final ObjectWriter WRITER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build().writerWithDefaultPrettyPrinter();

    Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("chaos-" + scenario + ".json");
            Files.writeString(file, WRITER
                    .writeValueAsString(this) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + scenario + " to " + dir, e);
        }
    }
}

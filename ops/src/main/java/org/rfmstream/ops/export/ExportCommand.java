package org.rfmstream.ops.export;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rfmstream.ops.KafkaOptions;
import org.rfmstream.ops.OpsException;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.value.ValueScorer;
import org.rfmstream.schemas.value.ValueSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes every customer's latest profile (from customer-profiles) as CSV, optionally one segment only.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--segment", paramLabel = "ID", description = "only customers of this segment id, e.g. at-risk")
    private String segment;

    @Option(names = "--out", paramLabel = "F.csv", description = "file to write (default: standard output)")
    private Path out;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "evaluate recency at this ISO-8601 instant, e.g. 2011-12-10T00:00:00Z (default: now)")
    private Instant asOf;

    @Option(names = "--timeout", defaultValue = "PT30S", description = "give up reading after this long (default ${DEFAULT-VALUE})")
    private Duration timeout;

    @Mixin
    private KafkaOptions kafka;

    @Override
    public Integer call() {
        Settings settings = kafka.settings();
        String topic = settings.topics().customerProfiles();
        ProfileReader reader = new ProfileReader(settings.kafkaProperties(), timeout);
        Map<String, CustomerProfile> profiles = reader.readAll(topic);
        Instant at = asOf == null ? Instant.now() : asOf;
        ValueScorer value = valueScorer(reader.latestModel(settings.topics().segmentModels(),
                SegmentModel.DEFAULT_NAME), ValueSettings.from(settings));
        long written;
        try {
            if (out == null) {
                PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
                written = ProfileCsv.write(profiles.values(), at, segment, value, stdout);
                stdout.flush();
            } else {
                try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    written = ProfileCsv.write(profiles.values(), at, segment, value, writer);
                }
            }
        } catch (IOException e) {
            throw new OpsException("cannot write " + out + ": " + e.getMessage(), e);
        }
        System.err.printf("Exported %,d of %,d customers%s (recency%s as of %s)%s%n", written, profiles.size(),
                segment == null ? "" : " in segment " + segment, value == null ? "" : " and value", at,
                out == null ? "" : " to " + out);
        return 0;
    }

    /** The model's value models, or null (the value columns stay empty) when it has none or they are unusable. */
    private static ValueScorer valueScorer(SegmentModel model, ValueSettings settings) {
        if (model == null || model.value() == null) {
            return null;
        }
        try {
            return ValueScorer.of(model.value(), settings);
        } catch (IllegalArgumentException e) {
            System.err.println("warning: the model's value block is unusable, no value columns: " + e.getMessage());
            return null;
        }
    }
}

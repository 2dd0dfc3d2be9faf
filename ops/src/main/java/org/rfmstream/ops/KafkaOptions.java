package org.rfmstream.ops;

import java.nio.file.Path;
import org.rfmstream.schemas.config.Settings;
import picocli.CommandLine.Option;

/** How a command finds Kafka: the shared settings (environment over {@code --config} file over defaults). */
public final class KafkaOptions {

    @Option(names = "--config", description = "properties file with settings; the environment wins over it")
    private Path config;

    @Option(names = "--bootstrap-servers", description = "Kafka to use; wins over KAFKA_BOOTSTRAP_SERVERS (default localhost:9092)")
    private String bootstrapServers;

    public Settings settings() {
        Settings settings = Settings.load(config);
        return bootstrapServers == null ? settings : settings.with(Settings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
    }
}

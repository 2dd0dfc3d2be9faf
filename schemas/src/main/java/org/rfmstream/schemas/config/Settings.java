package org.rfmstream.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration shared by every program: defaults, then an optional properties file, then the environment
 * (the environment wins). Names are the environment variables' ({@code KAFKA_BOOTSTRAP_SERVERS}); in the file
 * either that name or its dotted lower-case form ({@code kafka.bootstrap.servers}) may be used.
 *
 * <p>Any setting whose name starts with {@code KAFKA_} / {@code kafka.} is also handed to the Kafka clients
 * and Streams with the prefix removed ({@code KAFKA_SASL_MECHANISM} becomes {@code sasl.mechanism}), so
 * SASL and TLS need no code changes.
 */
public final class Settings {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String APPLICATION_ID = "APPLICATION_ID";
    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String APPLICATION_SERVER = "APPLICATION_SERVER";
    public static final String STATE_DIR = "STATE_DIR";
    public static final String SEGMENTATION_CLOCK = "SEGMENTATION_CLOCK";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_APPLICATION_ID = "rfm-segmentation";
    public static final int DEFAULT_HTTP_PORT = 8080;

    private static final String KAFKA_PREFIX = "KAFKA_";
    /** Read by Kafka's own launch scripts and images, never client properties. */
    private static final java.util.Set<String> KAFKA_LAUNCHER_VARIABLES = java.util.Set.of(
            "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_LOG4J_OPTS",
            "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG", "KAFKA_HOME", "KAFKA_VERSION");

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment over the optional file ({@code null} for none). */
    public static Settings load(Path file) {
        return load(file, System.getenv());
    }

    public static Settings load(Path file, Map<String, String> environment) {
        Map<String, String> merged = new TreeMap<>();
        if (file != null) {
            merged.putAll(readFile(file));
        }
        environment.forEach((name, value) -> merged.put(normalise(name), value));
        return new Settings(merged);
    }

    public static Settings of(Map<String, String> values) {
        Map<String, String> normalised = new TreeMap<>();
        values.forEach((name, value) -> normalised.put(normalise(name), value));
        return new Settings(normalised);
    }

    /** A copy with some settings replaced, e.g. a command-line flag over the environment. */
    public Settings with(String name, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(normalise(name), value);
        return new Settings(copy);
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Configuration file " + file + " does not exist or is not a file.");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> result = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> result.put(normalise(name), properties.getProperty(name)));
        return result;
    }

    /** {@code kafka.bootstrap.servers} and {@code KAFKA_BOOTSTRAP_SERVERS} name the same setting. */
    static String normalise(String name) {
        return name.trim().replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public String string(String name, String defaultValue) {
        String value = values.get(normalise(name));
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public String required(String name) {
        String value = string(name, null);
        if (value == null) {
            throw new ConfigException(name + " is required but not set.");
        }
        return value;
    }

    public int integer(String name, int defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, but is '" + value + "'.");
        }
    }

    public long longValue(String name, long defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, but is '" + value + "'.");
        }
    }

    public double decimal(String name, double defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number, but is '" + value + "'.");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, but is '" + value + "'.");
        };
    }

    /** An ISO-8601 duration such as {@code P7D} or {@code PT15M}. */
    public Duration duration(String name, Duration defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(name + " must be an ISO-8601 duration such as PT15M or P7D, but is '"
                    + value + "'.");
        }
    }

    /** One of the allowed values, compared case-insensitively; returned in lower case. */
    public String oneOf(String name, String defaultValue, String... allowed) {
        String value = string(name, defaultValue).toLowerCase(Locale.ROOT);
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new ConfigException(name + " must be one of " + String.join(", ", allowed) + ", but is '"
                + value + "'.");
    }

    public String bootstrapServers() {
        return string(KAFKA_BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
    }

    public String applicationId() {
        return string(APPLICATION_ID, DEFAULT_APPLICATION_ID);
    }

    public int httpPort() {
        int port = integer(HTTP_PORT, DEFAULT_HTTP_PORT);
        if (port < 0 || port > 65535) {
            throw new ConfigException(HTTP_PORT + " must be a port between 0 and 65535, but is " + port + ".");
        }
        return port;
    }

    /** The host:port other instances use to reach this one over HTTP. */
    public String applicationServer() {
        String value = string(APPLICATION_SERVER, "localhost:" + httpPort());
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException(APPLICATION_SERVER + " must be host:port, but is '" + value + "'.");
        }
        try {
            Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(APPLICATION_SERVER + " must be host:port, but is '" + value + "'.");
        }
        return value;
    }

    public Path stateDir() {
        return Path.of(string(STATE_DIR, Path.of("data", "state").toAbsolutePath().toString()));
    }

    public TopicNames topics() {
        return TopicNames.from(this);
    }

    /**
     * Every {@code KAFKA_*} setting as a Kafka client property ({@code KAFKA_SASL_JAAS_CONFIG} becomes
     * {@code sasl.jaas.config}), the bootstrap servers always included.
     */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        values.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()
                    && !KAFKA_LAUNCHER_VARIABLES.contains(name) && value != null
                    && !value.isBlank()) {
                String property = name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                properties.setProperty(property, value.trim());
            }
        });
        properties.setProperty("bootstrap.servers", bootstrapServers());
        return properties;
    }

    @Override
    public String toString() {
        return "Settings" + values.keySet();
    }
}

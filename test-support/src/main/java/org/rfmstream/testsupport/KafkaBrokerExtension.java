package org.rfmstream.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a test a real Kafka broker as a {@link KafkaBroker} parameter (constructor, lifecycle or test method).
 * One broker serves the whole test JVM and is stopped when the run ends.
 *
 * <p>Which broker is chosen by {@value #MODE} (environment variable or system property):
 * <ul>
 *   <li>{@code embedded} (default): an in-process KRaft broker, Kafka's own {@code KafkaClusterTestKit};</li>
 *   <li>{@code testcontainers}: the {@code apache/kafka} image through Testcontainers (needs Docker);</li>
 *   <li>{@code external}: an existing cluster at {@value #BOOTSTRAP_SERVERS}.</li>
 * </ul>
 * Setting {@value #BOOTSTRAP_SERVERS} alone also selects {@code external}.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    public static final String MODE = "RFM_TEST_KAFKA";
    public static final String BOOTSTRAP_SERVERS = "RFM_TEST_BOOTSTRAP_SERVERS";
    public static final String IMAGE = "RFM_TEST_KAFKA_IMAGE";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(KafkaBroker.class, key -> start(), StartedBroker.class).broker();
    }

    private static StartedBroker start() {
        String external = setting(BOOTSTRAP_SERVERS);
        String mode = setting(MODE);
        if (mode == null) {
            mode = external != null ? "external" : "embedded";
        }
        long started = System.nanoTime();
        AutoCloseableBroker broker = switch (mode.toLowerCase(Locale.ROOT)) {
            case "embedded" -> EmbeddedKafkaBroker.start();
            case "testcontainers" -> ContainerKafkaBroker.start(setting(IMAGE));
            case "external" -> {
                if (external == null) {
                    throw new IllegalStateException(MODE + "=external needs " + BOOTSTRAP_SERVERS);
                }
                yield new ExternalKafkaBroker(external);
            }
            default -> throw new IllegalStateException(
                    MODE + " must be embedded, testcontainers or external, is '" + mode + "'");
        };
        LOG.info("Kafka broker for tests ({}) at {} ready in {} ms", broker.kind(), broker.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return new StartedBroker(broker);
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** JUnit closes stored values that are AutoCloseable when the root context ends: once, at the end. */
    private record StartedBroker(AutoCloseableBroker broker) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            broker.close();
        }
    }

    interface AutoCloseableBroker extends KafkaBroker, AutoCloseable {
    }
}

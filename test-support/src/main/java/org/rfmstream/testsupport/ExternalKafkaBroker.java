package org.rfmstream.testsupport;

/** An existing cluster the tests are pointed at; it is neither started nor stopped here. */
record ExternalKafkaBroker(String bootstrapServers) implements KafkaBrokerExtension.AutoCloseableBroker {

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public void close() {
        // not ours to stop
    }
}

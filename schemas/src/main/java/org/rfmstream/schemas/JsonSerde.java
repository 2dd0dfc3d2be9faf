package org.rfmstream.schemas;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde for one of the contract's records, through {@link Json}. A null value is a tombstone. */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = type;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : Json.toBytes(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(data, type);
        } catch (java.io.IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " from topic " + topic, e);
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the mapper is the project's one JSON configuration
    }

    @Override
    public void close() {
        // stateless: nothing to release
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }
}

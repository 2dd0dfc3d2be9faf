package org.rfmstream.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the compact binary form of the application's own state: variable-length integers (small numbers take
 * one byte) and length-prefixed UTF-8 strings. State is read far more often than it changes shape, so the format
 * carries a leading version byte instead of field names.
 */
final class BinaryWriter {

    private byte[] buffer;
    private int size;

    BinaryWriter(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    BinaryWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** A non-negative number in 7-bit groups. */
    BinaryWriter writeUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value where a non-negative one is required: " + value);
        }
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    /** Any number, zig-zag encoded so that small negative numbers stay short too. */
    BinaryWriter writeSigned(long value) {
        ensure(10);
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        buffer[size++] = (byte) zigzag;
        return this;
    }

    BinaryWriter writeString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}

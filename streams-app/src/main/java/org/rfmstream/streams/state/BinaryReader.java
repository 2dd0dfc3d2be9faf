package org.rfmstream.streams.state;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/** Reads what {@link BinaryWriter} wrote; a truncated or corrupt value is a {@link SerializationException}. */
final class BinaryReader {

    private final byte[] buffer;
    private int position;

    BinaryReader(byte[] buffer) {
        this.buffer = buffer;
    }

    int readByte() {
        require(1);
        return buffer[position++] & 0xFF;
    }

    long readUnsigned() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new SerializationException("malformed variable-length number");
    }

    long readSigned() {
        long zigzag = readUnsigned();
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    String readString() {
        long length = readUnsigned();
        if (length > buffer.length - position) {
            throw new SerializationException("string of " + length + " bytes runs past the end of the value");
        }
        String value = new String(buffer, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return value;
    }

    boolean atEnd() {
        return position == buffer.length;
    }

    private void require(int bytes) {
        if (position + bytes > buffer.length) {
            throw new SerializationException("value ends early at byte " + position + " of " + buffer.length);
        }
    }
}

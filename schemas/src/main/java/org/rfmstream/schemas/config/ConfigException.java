package org.rfmstream.schemas.config;

/** Bad configuration: the message is one sentence a person can act on, and start-up stops. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

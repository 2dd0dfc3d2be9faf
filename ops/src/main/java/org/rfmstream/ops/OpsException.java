package org.rfmstream.ops;

/**
 * A failure a person can act on (port in use, file missing, broker unreachable): the command prints the message
 * as one line and exits with a non-zero status, without a stack trace.
 */
public class OpsException extends RuntimeException {

    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}

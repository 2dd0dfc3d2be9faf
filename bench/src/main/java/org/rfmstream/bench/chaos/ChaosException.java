package org.rfmstream.bench.chaos;

/** A fault run that could not be set up or carried out (not a failed check: those are results). */
public final class ChaosException extends RuntimeException {

    public ChaosException(String message) {
        super(message);
    }

    public ChaosException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.rfmstream.trainer.value;

/** The value models cannot be fitted on this data; the message says why. */
public final class FitException extends RuntimeException {

    public FitException(String message) {
        super(message);
    }
}

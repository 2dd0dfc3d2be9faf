package org.rfmstream.trainer.model;

/** The data cannot give a model (too few customers, or too alike); the message says why. */
public class TrainingException extends RuntimeException {

    public TrainingException(String message) {
        super(message);
    }
}

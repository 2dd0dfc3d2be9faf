package org.rfmstream.schemas;

/** A segment model that must not be used; the message says what is wrong with it. */
public class InvalidModelException extends RuntimeException {

    public InvalidModelException(String message) {
        super(message);
    }
}

package org.rfmstream.bench;

/** A benchmark could not run or its results cannot be trusted: reported as one line, exit status 1. */
public final class BenchException extends RuntimeException {

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}

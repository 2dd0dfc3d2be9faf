package org.rfmstream.ops.retail;

import org.rfmstream.ops.OpsException;

/** The file as a whole cannot be read as a retail CSV (missing, empty, no usable header). */
public class RetailFileException extends OpsException {

    public RetailFileException(String message) {
        super(message);
    }

    public RetailFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

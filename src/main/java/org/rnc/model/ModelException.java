package org.rnc.model;

import java.io.IOException;

/** A model could not be found, verified or loaded. */
public class ModelException extends IOException {
    public ModelException(String message) { super(message); }

    public ModelException(String message, Throwable cause) { super(message, cause); }
}

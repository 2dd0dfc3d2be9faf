package org.rfmstream.schemas;

/** Why a customer's segment changed. */
public enum ChangeReason {
    /** A purchase moved the customer. */
    PURCHASE,
    /** A refund moved the customer. */
    REFUND,
    /** Recency grew past a boundary with no new event. */
    INACTIVITY,
    /** A new model moved the customer (or assigned them for the first time). */
    MODEL_UPDATE,
    /** The customer was erased on request: they leave every segment ({@code segment} is null). */
    ERASURE
}

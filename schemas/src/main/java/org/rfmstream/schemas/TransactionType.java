package org.rfmstream.schemas;

/** What a transaction does to a customer's money: a purchase adds, a refund gives money back. */
public enum TransactionType {
    PURCHASE,
    REFUND
}

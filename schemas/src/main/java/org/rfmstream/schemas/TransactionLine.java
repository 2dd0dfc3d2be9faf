package org.rfmstream.schemas;

import java.math.BigDecimal;

/** One line of an order: {@code quantity × unitPrice} is the line's money. */
public record TransactionLine(String sku, int quantity, BigDecimal unitPrice) {

    public BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}

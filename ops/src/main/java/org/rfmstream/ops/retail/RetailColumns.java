package org.rfmstream.ops.retail;

import java.util.List;

/** The columns of the UCI Online Retail CSV file, in the order the data set publishes them. */
public final class RetailColumns {

    public static final String INVOICE_NO = "InvoiceNo";
    public static final String STOCK_CODE = "StockCode";
    public static final String DESCRIPTION = "Description";
    public static final String QUANTITY = "Quantity";
    public static final String INVOICE_DATE = "InvoiceDate";
    public static final String UNIT_PRICE = "UnitPrice";
    public static final String CUSTOMER_ID = "CustomerID";
    public static final String COUNTRY = "Country";

    public static final List<String> HEADER =
            List.of(INVOICE_NO, STOCK_CODE, DESCRIPTION, QUANTITY, INVOICE_DATE, UNIT_PRICE, CUSTOMER_ID, COUNTRY);

    /** Invoice numbers of cancellations start with this letter (e.g. {@code C536379}). */
    public static final String CANCELLATION_PREFIX = "C";

    private RetailColumns() {
    }
}

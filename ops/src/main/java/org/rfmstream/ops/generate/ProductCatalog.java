package org.rfmstream.ops.generate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed catalogue of gift-shop products in the style of the UCI data set. Some descriptions contain commas and
 * double quotes, so a CSV writer must quote them and a reader must unquote them.
 */
public final class ProductCatalog {

    public record Product(String stockCode, String description, BigDecimal unitPrice) {
    }

    private static final String[] DESIGNS = {
        "RED RETROSPOT", "WHITE HANGING HEART", "REGENCY", "VINTAGE PAISLEY", "PINK POLKADOT", "BLUE STRIPE",
        "JUMBO", "PARTY", "CHRISTMAS", "SKULL", "WOODLAND", "SPACEBOY", "DOLLY GIRL", "GREEN FLORAL",
    };
    private static final String[] ITEMS = {
        "T-LIGHT HOLDER", "LUNCH BAG", "CAKESTAND", "TEACUP AND SAUCER", "BUNTING", "MUG", "PAPER NAPKINS",
        "CAKE CASES", "DOORMAT", "STORAGE TIN", "SWEETIE JAR", "SHOPPER BAG", "ALARM CLOCK", "PHOTO FRAME",
        "CANDLE", "HOT WATER BOTTLE",
    };
    private static final String[] PRICES = {
        "0.29", "0.42", "0.55", "0.65", "0.85", "1.25", "1.45", "1.65", "2.10", "2.55", "2.95", "3.75", "4.95",
        "5.95", "7.95", "9.95", "12.75", "14.95",
    };

    static final Product POSTAGE = new Product("POST", "POSTAGE", new BigDecimal("18.00"));

    private final List<Product> products;

    public ProductCatalog() {
        List<Product> all = new ArrayList<>();
        int n = 0;
        for (String design : DESIGNS) {
            for (String item : ITEMS) {
                String stockCode = String.valueOf(20700 + (n * 389) % 70000) + (n % 7 == 0 ? "A" : n % 11 == 0 ? "B" : "");
                String description = design + " " + item;
                if (n % 9 == 0) {
                    description = description + ", SET OF " + (3 + n % 4);
                } else if (n % 23 == 0) {
                    description = item + " \"" + design + "\"";
                }
                all.add(new Product(stockCode, description, new BigDecimal(PRICES[(n * 7 + design.length()) % PRICES.length])));
                n++;
            }
        }
        this.products = List.copyOf(all);
    }

    public int size() {
        return products.size();
    }

    public Product get(int index) {
        return products.get(index);
    }
}

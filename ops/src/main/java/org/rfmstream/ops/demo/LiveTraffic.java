package org.rfmstream.ops.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.rfmstream.ops.generate.Persona;
import org.rfmstream.ops.generate.ProductCatalog;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionLine;
import org.rfmstream.schemas.TransactionType;

/**
 * Live purchases for the demo's customers, drawn according to their hidden personas. Every champion keeps buying,
 * most loyal customers too, while only a few lapsed customers ever come back (each of those moves segment when they
 * do): the segments keep their shape for hours instead of everyone becoming a recent buyer within minutes. Now and
 * then a recent purchase is partly refunded, and a new customer makes a first purchase. Deterministic for a seed;
 * not thread-safe.
 */
final class LiveTraffic {

    /** The share of each persona's customers who buy at all during the demo. */
    static final Map<Persona, Double> ACTIVE_SHARE = new EnumMap<>(Map.of(
            Persona.CHAMPIONS, 1.0,
            Persona.LOYAL, 0.8,
            Persona.NEW_CUSTOMERS, 0.5,
            Persona.AT_RISK, 0.25,
            Persona.LOST, 0.05));
    /** How often an active customer of each persona buys, relative to the others. */
    static final Map<Persona, Double> PURCHASE_RATE = new EnumMap<>(Map.of(
            Persona.CHAMPIONS, 8.0,
            Persona.LOYAL, 4.0,
            Persona.NEW_CUSTOMERS, 2.0,
            Persona.AT_RISK, 1.0,
            Persona.LOST, 1.0));
    static final double REFUND_SHARE = 0.02;
    static final double NEW_CUSTOMER_SHARE = 0.02;
    private static final int RECENT_PURCHASES = 500;
    private static final String CURRENCY = "GBP";
    private static final String COUNTRY = "United Kingdom";

    private final SplittableRandom random;
    private final ProductCatalog catalog = new ProductCatalog();
    private final Map<Persona, List<String>> customersByPersona = new EnumMap<>(Persona.class);
    private final List<Transaction> recentPurchases = new ArrayList<>();
    private final String eventPrefix;
    private final long firstNewCustomerId;
    private long nextNewCustomerId;
    private long sequence;

    /**
     * @param personas          the existing customers and their personas
     * @param eventPrefix       starts every event id, unique to this run (event ids must never repeat, or the
     *                          streams-app drops the purchase as a duplicate)
     * @param firstNewCustomerId the id of the first new customer of this run
     */
    LiveTraffic(Map<String, Persona> personas, long seed, String eventPrefix, long firstNewCustomerId) {
        this.random = new SplittableRandom(seed);
        this.eventPrefix = eventPrefix;
        this.firstNewCustomerId = firstNewCustomerId;
        this.nextNewCustomerId = firstNewCustomerId;
        Map<Persona, List<String>> all = new EnumMap<>(Persona.class);
        for (Persona persona : Persona.values()) {
            all.put(persona, new ArrayList<>());
        }
        personas.forEach((id, persona) -> all.get(persona).add(id));
        all.forEach((persona, ids) -> {
            Collections.shuffle(ids, new Random(random.nextLong()));
            int active = (int) Math.ceil(ids.size() * ACTIVE_SHARE.get(persona));
            customersByPersona.put(persona, new ArrayList<>(ids.subList(0, active)));
        });
    }

    /** The next event, happening at {@code now}. */
    Transaction next(Instant now) {
        double draw = random.nextDouble();
        if (draw < REFUND_SHARE && !recentPurchases.isEmpty()) {
            return refund(recentPurchases.remove(random.nextInt(recentPurchases.size())), now);
        }
        if (draw < REFUND_SHARE + NEW_CUSTOMER_SHARE) {
            String id = String.valueOf(nextNewCustomerId++);
            customersByPersona.get(Persona.NEW_CUSTOMERS).add(id);
            return remember(purchase(id, Persona.NEW_CUSTOMERS, now));
        }
        Persona persona = drawPersona();
        List<String> customers = customersByPersona.get(persona);
        return remember(purchase(customers.get(random.nextInt(customers.size())), persona, now));
    }

    /** New customers so far. */
    long newCustomers() {
        return nextNewCustomerId - firstNewCustomerId;
    }

    private Persona drawPersona() {
        double total = 0;
        for (Persona persona : Persona.values()) {
            total += weight(persona);
        }
        double draw = random.nextDouble() * total;
        Persona last = null;
        for (Persona persona : Persona.values()) {
            if (weight(persona) > 0) {
                last = persona;
                draw -= weight(persona);
                if (draw < 0) {
                    return persona;
                }
            }
        }
        return last;
    }

    private double weight(Persona persona) {
        return customersByPersona.get(persona).size() * PURCHASE_RATE.get(persona);
    }

    private Transaction purchase(String customerId, Persona persona, Instant now) {
        int lineCount = between(persona.linesMin(), persona.linesMax());
        List<TransactionLine> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++) {
            ProductCatalog.Product product = catalog.get(random.nextInt(catalog.size()));
            lines.add(new TransactionLine(product.stockCode(), between(persona.quantityMin(), persona.quantityMax()),
                    product.unitPrice()));
        }
        return new Transaction(eventPrefix + "-" + (++sequence), customerId, TransactionType.PURCHASE, now,
                total(lines), CURRENCY, COUNTRY, lines);
    }

    /** Some of the purchase's lines, each with part or all of its quantity returned. */
    private Transaction refund(Transaction purchase, Instant now) {
        List<TransactionLine> returned = new ArrayList<>();
        for (TransactionLine line : purchase.lines()) {
            if (random.nextBoolean()) {
                returned.add(new TransactionLine(line.sku(), between(1, line.quantity()), line.unitPrice()));
            }
        }
        if (returned.isEmpty()) {
            returned.add(purchase.lines().get(0));
        }
        return new Transaction("C" + purchase.eventId(), purchase.customerId(), TransactionType.REFUND, now,
                total(returned), CURRENCY, COUNTRY, returned);
    }

    private Transaction remember(Transaction purchase) {
        if (recentPurchases.size() == RECENT_PURCHASES) {
            recentPurchases.remove(random.nextInt(RECENT_PURCHASES));
        }
        recentPurchases.add(purchase);
        return purchase;
    }

    private static BigDecimal total(List<TransactionLine> lines) {
        BigDecimal total = BigDecimal.ZERO;
        for (TransactionLine line : lines) {
            total = total.add(line.total());
        }
        return Money.round(total);
    }

    private int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}

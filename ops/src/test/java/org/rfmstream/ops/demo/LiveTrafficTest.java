package org.rfmstream.ops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rfmstream.ops.generate.Persona;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.schemas.Transaction;
import org.rfmstream.schemas.TransactionLine;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.schemas.TransactionValidator;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.ValidationResult;

class LiveTrafficTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final long FIRST_NEW = 1_000_000;

    private final Map<String, Persona> personas = new RetailDataGenerator(7, 2000).personas();

    private List<Transaction> events(long seed, int count) {
        LiveTraffic traffic = new LiveTraffic(personas, seed, "L1", FIRST_NEW);
        List<Transaction> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(traffic.next(NOW.plusMillis(i * 50L)));
        }
        return events;
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        assertThat(events(3, 500)).isEqualTo(events(3, 500));
        assertThat(events(3, 500)).isNotEqualTo(events(4, 500));
    }

    @Test
    void everyEventIsValidHappensNowAndHasAnEventIdOfItsOwn() {
        List<Transaction> events = events(1, 5000);
        TransactionValidator validator = new TransactionValidator();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Transaction event = events.get(i);
            ValidationResult result = validator.validate(Json.toBytes(event), NOW.plusMillis(i * 50L));
            assertThat(result).as("event %s", event).isInstanceOf(ValidationResult.Valid.class);
            assertThat(event.timestamp()).isEqualTo(NOW.plusMillis(i * 50L));
            assertThat(ids.add(event.eventId())).as("event id %s is unique", event.eventId()).isTrue();
        }
        assertThat(events).allSatisfy(event -> assertThat(event.eventId()).matches("C?L1-\\d+"));
    }

    @Test
    void amountsAreTheSumOfTheLinesToTheCent() {
        for (Transaction event : events(2, 2000)) {
            BigDecimal sum = event.lines().stream().map(TransactionLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(event.amount()).isEqualByComparingTo(sum);
            assertThat(event.amount().scale()).isEqualTo(2);
        }
    }

    @Test
    void refundsReturnPartOfAnEarlierPurchaseOfTheSameCustomerOnlyOnce() {
        List<Transaction> events = events(5, 20_000);
        Map<String, Transaction> purchases = new HashMap<>();
        Set<String> refunded = new HashSet<>();
        int refunds = 0;
        for (Transaction event : events) {
            if (event.type() == TransactionType.PURCHASE) {
                purchases.put(event.eventId(), event);
                continue;
            }
            refunds++;
            String purchaseId = event.eventId().substring(1);
            Transaction purchase = purchases.get(purchaseId);
            assertThat(purchase).as("refund %s follows its purchase", event.eventId()).isNotNull();
            assertThat(event.customerId()).isEqualTo(purchase.customerId());
            assertThat(event.amount()).isPositive().isLessThanOrEqualTo(purchase.amount());
            assertThat(refunded.add(purchaseId)).isTrue();
        }
        assertThat(refunds).isBetween((int) (0.01 * events.size()), (int) (0.03 * events.size()));
    }

    @Test
    void newCustomersGetFreshIdsAndCanBuyAgain() {
        List<Transaction> events = events(6, 20_000);
        Set<String> newCustomers = new HashSet<>();
        for (Transaction event : events) {
            long id = Long.parseLong(event.customerId());
            if (id >= FIRST_NEW) {
                newCustomers.add(event.customerId());
            } else {
                assertThat(personas).containsKey(event.customerId());
            }
        }
        assertThat(newCustomers).contains(String.valueOf(FIRST_NEW), String.valueOf(FIRST_NEW + 1));
        assertThat(newCustomers.size()).isBetween((int) (0.01 * events.size()), (int) (0.03 * events.size()));
        long newCustomerPurchases = events.stream().filter(e -> Long.parseLong(e.customerId()) >= FIRST_NEW).count();
        assertThat(newCustomerPurchases).isGreaterThan(newCustomers.size());
    }

    @Test
    void customersBuyAsOftenAndAsMuchAsTheirPersonaSays() {
        Map<Persona, Integer> customers = new HashMap<>();
        personas.values().forEach(persona -> customers.merge(persona, 1, Integer::sum));
        Map<Persona, Integer> purchases = new HashMap<>();
        Map<Persona, BigDecimal> spend = new HashMap<>();
        for (Transaction event : events(8, 40_000)) {
            Persona persona = personas.get(event.customerId());
            if (persona != null && event.type() == TransactionType.PURCHASE) {
                purchases.merge(persona, 1, Integer::sum);
                spend.merge(persona, event.amount(), BigDecimal::add);
            }
        }
        double champions = perCustomer(purchases, customers, Persona.CHAMPIONS);
        double loyal = perCustomer(purchases, customers, Persona.LOYAL);
        double atRisk = perCustomer(purchases, customers, Persona.AT_RISK);
        double lost = perCustomer(purchases, customers, Persona.LOST);
        assertThat(champions).isGreaterThan(1.5 * loyal);
        assertThat(loyal).isGreaterThan(2 * atRisk);
        assertThat(atRisk).isGreaterThan(2 * lost);
        assertThat(lost).isPositive();
        BigDecimal championBasket = spend.get(Persona.CHAMPIONS)
                .divide(BigDecimal.valueOf(purchases.get(Persona.CHAMPIONS)), java.math.RoundingMode.HALF_UP);
        BigDecimal lostBasket = spend.get(Persona.LOST)
                .divide(BigDecimal.valueOf(purchases.get(Persona.LOST)), java.math.RoundingMode.HALF_UP);
        assertThat(championBasket).isGreaterThan(lostBasket.multiply(BigDecimal.valueOf(3)));
    }

    @Test
    void fewLapsedCustomersEverComeBackSoTheSegmentsKeepTheirShape() {
        Map<Persona, Set<String>> buyers = new HashMap<>();
        for (Transaction event : events(9, 100_000)) {
            Persona persona = personas.get(event.customerId());
            if (persona != null) {
                buyers.computeIfAbsent(persona, p -> new HashSet<>()).add(event.customerId());
            }
        }
        Map<Persona, Long> customers = new HashMap<>();
        personas.values().forEach(persona -> customers.merge(persona, 1L, Long::sum));

        assertThat(buyers.get(Persona.CHAMPIONS)).hasSize(customers.get(Persona.CHAMPIONS).intValue());
        assertThat(buyers.get(Persona.LOST).size()).isPositive()
                .isLessThanOrEqualTo((int) Math.ceil(0.05 * customers.get(Persona.LOST)));
        assertThat(buyers.get(Persona.AT_RISK).size())
                .isLessThanOrEqualTo((int) Math.ceil(0.25 * customers.get(Persona.AT_RISK)));
    }

    private static double perCustomer(Map<Persona, Integer> purchases, Map<Persona, Integer> customers, Persona p) {
        return purchases.getOrDefault(p, 0) / (double) customers.get(p);
    }
}

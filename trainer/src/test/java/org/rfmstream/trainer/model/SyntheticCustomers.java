package org.rfmstream.trainer.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic customers for tests and measurements. */
public final class SyntheticCustomers {

    public static final Instant AS_OF = Instant.parse("2024-06-30T00:00:00Z");

    private SyntheticCustomers() {
    }

    /** A planted group: its customers' typical recency (days), purchases and spend. */
    public record Group(String name, double recencyDays, double frequency, double monetary) {
    }

    /** Customers as marketing would describe each archetype. */
    public static final Group CHAMPIONS = new Group("champions", 5, 25, 4000);
    public static final Group LOYAL = new Group("loyal", 30, 15, 2000);
    public static final Group POTENTIAL_LOYALISTS = new Group("potential-loyalists", 10, 4, 500);
    public static final Group NEW_CUSTOMERS = new Group("new-customers", 5, 1, 100);
    public static final Group NEED_ATTENTION = new Group("need-attention", 60, 4, 400);
    public static final Group AT_RISK = new Group("at-risk", 200, 12, 1500);
    public static final Group HIBERNATING = new Group("hibernating", 150, 2, 150);
    public static final Group LOST = new Group("lost", 400, 1, 50);

    public static final List<Group> EIGHT_ARCHETYPES = List.of(CHAMPIONS, LOYAL, POTENTIAL_LOYALISTS, NEW_CUSTOMERS,
            NEED_ATTENTION, AT_RISK, HIBERNATING, LOST);

    /**
     * {@code perGroup} customers around each group's centre, spread by a log-normal factor with the given sigma;
     * ids are {@code <group>-<n>}.
     */
    public static List<CustomerFeatures> planted(List<Group> groups, int perGroup, double sigma, long seed) {
        Random random = new Random(seed);
        List<CustomerFeatures> customers = new ArrayList<>();
        for (Group group : groups) {
            for (int i = 0; i < perGroup; i++) {
                long recency = Math.round(group.recencyDays() * Math.exp(sigma * random.nextGaussian()));
                long frequency = Math.max(1, Math.round(group.frequency() * Math.exp(sigma * random.nextGaussian())));
                long cents = Math.round(100 * group.monetary() * Math.exp(sigma * random.nextGaussian()));
                customers.add(customer(group.name() + "-" + i, recency, frequency, cents));
            }
        }
        return customers;
    }

    /**
     * A shop-like population: purchase counts geometric-ish, spend per order log-normal, last purchase spread
     * over two years with most customers recent.
     */
    public static List<CustomerFeatures> shopLike(int count, long seed) {
        Random random = new Random(seed);
        List<CustomerFeatures> customers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double activity = random.nextDouble();
            long frequency = 1 + (long) Math.floor(-Math.log(1 - random.nextDouble()) * (1 + 12 * activity));
            double perOrder = 30 * Math.exp(0.8 * random.nextGaussian());
            long cents = Math.round(100 * perOrder * frequency);
            long recency = (long) Math.floor(730 * Math.pow(random.nextDouble(), 1 + 2 * activity));
            customers.add(customer("C" + i, recency, frequency, cents));
        }
        return customers;
    }

    public static CustomerFeatures customer(String id, long recencyDays, long frequency, long cents) {
        return new CustomerFeatures(id, AS_OF.minus(Duration.ofDays(recencyDays)).minusSeconds(3600), frequency,
                cents);
    }
}

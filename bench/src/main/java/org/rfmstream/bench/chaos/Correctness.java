package org.rfmstream.bench.chaos;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The state after a fault compared with the batch computation: every profile, every customer's chain of segment
 * changes, and no change dated after the history's end (in event time nothing can happen later than the latest
 * accepted event; a change dated later was caused by a clock that something else moved).
 */
@JsonPropertyOrder({"customersExpected", "profiles", "profilesMatching", "profilesMissing", "profilesUnexpected",
        "profilesDiffering", "customersWithChanges", "chainsUnbroken", "chainsBroken", "lastChangeIsNotProfileSegment",
        "buyersWithoutSegment", "changes", "changesByReason", "changesAfterHistoryEnd", "historyEnd", "examples"})
record Correctness(int customersExpected, int profiles, int profilesMatching, int profilesMissing,
                   int profilesUnexpected, int profilesDiffering, int customersWithChanges, int chainsUnbroken,
                   int chainsBroken, int lastChangeIsNotProfileSegment, int buyersWithoutSegment, long changes,
                   Map<String, Long> changesByReason, Map<String, Long> changesAfterHistoryEnd, Instant historyEnd,
                   List<String> examples) {

    private static final int EXAMPLES = 10;

    /** Whether {@code profile} has the batch figures: frequency, monetary and refunds to the cent, purchase times. */
    static boolean matches(BatchRfm.Expected expected, Topics.Profile profile) {
        return profile != null
                && expected.frequency() == profile.frequency()
                && sameMoney(expected.monetary(), profile.monetary())
                && sameMoney(expected.refunded(), profile.refunded())
                && Objects.equals(expected.firstPurchase(), profile.firstPurchase())
                && Objects.equals(expected.lastPurchase(), profile.lastPurchase());
    }

    /** How many of the expected customers have a matching profile in {@code profiles}. */
    static int matching(Map<String, BatchRfm.Expected> expected, Map<String, Topics.Profile> profiles) {
        int matching = 0;
        for (BatchRfm.Expected customer : expected.values()) {
            if (matches(customer, profiles.get(customer.customerId()))) {
                matching++;
            }
        }
        return matching;
    }

    private static boolean sameMoney(java.math.BigDecimal a, java.math.BigDecimal b) {
        return a != null && b != null && a.compareTo(b) == 0;
    }

    static Correctness check(Map<String, BatchRfm.Expected> expected, Instant historyEnd,
                             Map<String, Topics.Profile> profiles, Map<String, List<Topics.Change>> changes) {
        List<String> examples = new ArrayList<>();
        int matching = 0;
        int missing = 0;
        int differing = 0;
        for (BatchRfm.Expected customer : expected.values()) {
            Topics.Profile profile = profiles.get(customer.customerId());
            if (profile == null) {
                missing++;
                example(examples, "no profile for customer " + customer.customerId() + ", expected " + customer);
            } else if (matches(customer, profile)) {
                matching++;
            } else {
                differing++;
                example(examples, "customer " + customer.customerId() + ": expected " + customer + ", profile "
                        + profile);
            }
        }
        int unexpected = 0;
        for (String customerId : profiles.keySet()) {
            if (!expected.containsKey(customerId)) {
                unexpected++;
                example(examples, "a profile for customer " + customerId + ", who is in no accepted event: "
                        + profiles.get(customerId));
            }
        }

        int unbroken = 0;
        int broken = 0;
        int lastDiffers = 0;
        long total = 0;
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> afterEnd = new TreeMap<>();
        for (Map.Entry<String, List<Topics.Change>> customer : changes.entrySet()) {
            String previous = null;
            boolean chained = true;
            for (Topics.Change change : customer.getValue()) {
                total++;
                byReason.merge(change.reason(), 1L, Long::sum);
                if (change.at() != null && change.at().isAfter(historyEnd)) {
                    afterEnd.merge(change.reason(), 1L, Long::sum);
                    example(examples, "change dated after the history's end (" + historyEnd + "): " + change);
                }
                if (!Objects.equals(change.previousSegment(), previous)) {
                    if (chained) {
                        example(examples, "broken chain of customer " + customer.getKey() + ": previousSegment "
                                + change.previousSegment() + " after a change to " + previous + " (" + change + ")");
                    }
                    chained = false;
                }
                previous = change.segment();
            }
            if (chained) {
                unbroken++;
            } else {
                broken++;
            }
            Topics.Profile profile = profiles.get(customer.getKey());
            if (profile == null || !Objects.equals(profile.segment(), previous)) {
                lastDiffers++;
                example(examples, "customer " + customer.getKey() + ": last change to " + previous
                        + " but the profile's segment is " + (profile == null ? "(no profile)" : profile.segment()));
            }
        }
        int withoutSegment = 0;
        for (Topics.Profile profile : profiles.values()) {
            if (profile.frequency() > 0 && profile.segment() == null) {
                withoutSegment++;
                example(examples, "customer " + profile.customerId() + " has purchases but no segment");
            } else if (profile.segment() != null && !changes.containsKey(profile.customerId())) {
                lastDiffers++;
                example(examples, "customer " + profile.customerId() + " is in segment " + profile.segment()
                        + " without any segment change");
            }
        }
        return new Correctness(expected.size(), profiles.size(), matching, missing, unexpected, differing,
                changes.size(), unbroken, broken, lastDiffers, withoutSegment, total, byReason, afterEnd, historyEnd,
                examples);
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }

    boolean profilesAllMatch() {
        return profilesMatching == customersExpected && profilesUnexpected == 0;
    }

    boolean chainsAllUnbroken() {
        return chainsBroken == 0 && lastChangeIsNotProfileSegment == 0 && buyersWithoutSegment == 0;
    }

    long changesAfterEnd() {
        return changesAfterHistoryEnd.values().stream().mapToLong(Long::longValue).sum();
    }
}

package org.rfmstream.ops.export;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.value.CustomerValue;
import org.rfmstream.schemas.value.ValueScorer;

/**
 * Customer profiles as CSV, one line per customer in customerId order, recency evaluated at a given instant; with
 * the model's value models also each customer's predicted value at that instant (the value columns are empty
 * without them).
 */
public final class ProfileCsv {

    public static final List<String> HEADER = List.of("customerId", "segment", "recencyDays", "frequency", "monetary",
            "refunded", "firstPurchase", "lastPurchase", "segmentSince", "modelVersion", "nextReviewAt", "updatedAt",
            "firstOrderAmount", "pAlive", "churnRisk", "expectedOrders", "horizonDays", "expectedOrderValue",
            "predictedClv", "expectedNextOrderAt");

    private ProfileCsv() {
    }

    /**
     * @param segment only the customers of this segment; null for all
     * @return the number of customers written
     */
    public static long write(Collection<CustomerProfile> profiles, Instant asOf, String segment, Appendable out)
            throws IOException {
        return write(profiles, asOf, segment, null, out);
    }

    /** @param value the model's value models, or null: the value columns stay empty */
    public static long write(Collection<CustomerProfile> profiles, Instant asOf, String segment, ValueScorer value,
                             Appendable out) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).setRecordSeparator('\n').get();
        long written = 0;
        CSVPrinter printer = new CSVPrinter(out, format);
        List<CustomerProfile> sorted = profiles.stream()
                .filter(profile -> segment == null || segment.equals(profile.segment()))
                .sorted(Comparator.comparing(CustomerProfile::customerId))
                .toList();
        for (CustomerProfile p : sorted) {
            CustomerValue v = value == null ? null : value.evaluate(p, asOf);
            printer.printRecord(p.customerId(), text(p.segment()), p.recencyDays(asOf), p.frequency(), money(p.monetary()),
                    money(p.refunded()), text(p.firstPurchase()), text(p.lastPurchase()), text(p.segmentSince()),
                    text(p.modelVersion()), text(p.nextReviewAt()), text(p.updatedAt()), money(p.firstOrderAmount()),
                    v == null ? "" : v.pAlive(), v == null ? "" : v.churnRisk(), v == null ? "" : v.expectedOrders(),
                    v == null ? "" : v.horizonDays(), v == null ? "" : money(v.expectedOrderValue()),
                    v == null ? "" : money(v.predictedClv()), v == null ? "" : text(v.expectedNextOrderAt()));
            written++;
        }
        printer.flush();
        return written;
    }

    private static String money(BigDecimal amount) {
        return amount == null ? "" : Money.round(amount).toPlainString();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}

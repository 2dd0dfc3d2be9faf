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

/** Customer profiles as CSV, one line per customer in customerId order, recency evaluated at a given instant. */
public final class ProfileCsv {

    public static final List<String> HEADER = List.of("customerId", "segment", "recencyDays", "frequency", "monetary",
            "refunded", "firstPurchase", "lastPurchase", "segmentSince", "modelVersion", "nextReviewAt", "updatedAt");

    private ProfileCsv() {
    }

    /**
     * @param segment only the customers of this segment; null for all
     * @return the number of customers written
     */
    public static long write(Collection<CustomerProfile> profiles, Instant asOf, String segment, Appendable out)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).setRecordSeparator('\n').get();
        long written = 0;
        CSVPrinter printer = new CSVPrinter(out, format);
        List<CustomerProfile> sorted = profiles.stream()
                .filter(profile -> segment == null || segment.equals(profile.segment()))
                .sorted(Comparator.comparing(CustomerProfile::customerId))
                .toList();
        for (CustomerProfile p : sorted) {
            printer.printRecord(p.customerId(), text(p.segment()), p.recencyDays(asOf), p.frequency(), money(p.monetary()),
                    money(p.refunded()), text(p.firstPurchase()), text(p.lastPurchase()), text(p.segmentSince()),
                    text(p.modelVersion()), text(p.nextReviewAt()), text(p.updatedAt()));
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

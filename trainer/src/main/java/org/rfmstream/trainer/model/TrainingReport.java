package org.rfmstream.trainer.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;

/**
 * What happened in one training run, for people: the data, every candidate k, the time each stage took, how the
 * segments were named and, with a previous model, how many customers would move.
 *
 * @param stages    wall time per stage, in the order they ran
 * @param stability null when there was no previous model
 */
public record TrainingReport(Instant asOf, long customers, int fitSample, int silhouetteSample,
                             List<CandidateReport> candidates, int chosenK, List<SegmentReport> segments,
                             Map<String, Duration> stages, Stability stability,
                             List<SegmentModel.MethodComparison> comparison, RfmScoring.Edges rfm) {

    /** One k that was tried; {@code feasible} is false when k distinct starting points did not exist. */
    public record CandidateReport(int k, boolean feasible, double inertia, double silhouette, Duration fitTime) {
    }

    public record SegmentReport(String id, String name, long size, SegmentNamer.Origin origin) {
    }

    public Duration totalTime() {
        return stages.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "customers %d (clustered %d, silhouette on %d), recency as of %s%n",
                customers, fitSample, silhouetteSample, asOf));
        text.append(String.format(Locale.ROOT, "%4s %14s %11s %10s%n", "k", "inertia", "silhouette", "fit"));
        for (CandidateReport c : candidates) {
            if (c.feasible()) {
                text.append(String.format(Locale.ROOT, "%4d %14.3f %11.4f %9dms%s%n", c.k(), c.inertia(),
                        c.silhouette(), c.fitTime().toMillis(), c.k() == chosenK ? "  <- chosen" : ""));
            } else {
                text.append(String.format(Locale.ROOT, "%4d %14s %11s %9dms  (too few distinct customers)%n",
                        c.k(), "-", "-", c.fitTime().toMillis()));
            }
        }
        text.append("segments:").append(System.lineSeparator());
        for (SegmentReport s : segments) {
            text.append(String.format(Locale.ROOT, "  %-22s %-22s %10d  %s%n", s.id(), s.name(), s.size(),
                    s.origin() == SegmentNamer.Origin.KEPT_FROM_PREVIOUS ? "id kept from previous model"
                            : "named by profile"));
        }
        if (stability != null) {
            text.append(String.format(Locale.ROOT, "against model v%d: %d of %d customers would move (%.2f%%)%n",
                    stability.previousVersion(), stability.moved(), stability.customers(),
                    100 * stability.movedShare()));
            stability.migration().forEach((from, row) -> row.forEach((to, count) -> {
                if (!from.equals(to)) {
                    text.append(String.format(Locale.ROOT, "  %-22s -> %-22s %10d%n", from, to, count));
                }
            }));
            stability.centroidShifts().forEach((id, shift) -> text.append(
                    String.format(Locale.ROOT, "  centroid %-22s moved %.4f%n", id, shift)));
            if (!stability.added().isEmpty()) {
                text.append("  new segments: ").append(stability.added()).append(System.lineSeparator());
            }
            if (!stability.removed().isEmpty()) {
                text.append("  segments gone: ").append(stability.removed()).append(System.lineSeparator());
            }
        }
        if (comparison != null && !comparison.isEmpty()) {
            text.append("other methods on the same ").append(comparison.getFirst().sample())
                    .append(" points (k-means stays the published model):").append(System.lineSeparator());
            text.append(String.format(Locale.ROOT, "  %-17s %8s %11s %7s %9s  %s%n", "method", "clusters",
                    "silhouette", "noise", "ARI", "parameters"));
            for (SegmentModel.MethodComparison c : comparison) {
                text.append(String.format(Locale.ROOT, "  %-17s %8d %11s %6.1f%% %9.4f  %s%s%n", c.method(),
                        c.clusters(), c.silhouette() == null ? "-" : String.format(Locale.ROOT, "%.4f",
                                c.silhouette()), 100 * c.noiseShare(), c.adjustedRandIndex(), c.parameters(),
                        c.note() == null ? "" : " (" + c.note() + ")"));
            }
        }
        if (rfm != null) {
            text.append(String.format(Locale.ROOT, "RFM score edges (quintiles): recency days %s, frequency %s, "
                    + "monetary %s%n", rfm.recency(), rfm.frequency(), rfm.monetary()));
        }
        text.append("stages:");
        stages.forEach((stage, time) -> text.append(' ').append(stage).append('=').append(time.toMillis()).append("ms"));
        text.append(String.format(Locale.ROOT, " total=%dms%n", totalTime().toMillis()));
        return text.toString();
    }
}

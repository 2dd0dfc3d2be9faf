package org.rfmstream.trainer.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rfmstream.schemas.ModelValidation;
import org.rfmstream.schemas.RfmScoring;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.SegmentScorer;

/**
 * Learns a segment model from customers' features; no Kafka here.
 *
 * <p>recency (at {@code asOf}), frequency, monetary → log1p → standardised with a scaler fitted on the clustered
 * customers → k-means for each candidate k → the best exact silhouette (on a sample) wins → each centroid named
 * (kept from the previous model where the same kind of customer persists, otherwise by archetype) → every
 * customer assigned with {@link SegmentScorer} for sizes and means → the migration against the previous model.
 *
 * <p>Customers are first put in a canonical order (by a seeded hash of their id), so the result does not depend
 * on the order they were read in; the clustered and silhouette samples are prefixes of that order, i.e. seeded
 * uniform samples.
 */
public final class SegmentTrainer {

    private static final int RECENCY = 0;
    private static final int FREQUENCY = 1;
    private static final int MONETARY = 2;
    private static final int DIMENSIONS = 3;
    /** The other methods are compared on at most this many points of the silhouette sample (O(n²) silhouettes). */
    static final int COMPARISON_SAMPLE = 5_000;

    private final TrainingOptions options;

    public SegmentTrainer(TrainingOptions options) {
        this.options = options;
    }

    /** The new model and what happened; the model is not yet checked against any quality gate. */
    public record Result(SegmentModel model, TrainingReport report) {
    }

    /**
     * @param customers   every customer with at least one purchase
     * @param asOf        the instant recency is measured at
     * @param previous    the model in force (only its valid form is used), or null
     * @param version     the version to give the new model
     * @param trainedAt   when this training happened
     * @throws TrainingException when the data cannot give a model (too few or too alike customers)
     */
    public Result train(Collection<CustomerFeatures> customers, Instant asOf, SegmentModel previous, long version,
                        Instant trainedAt) {
        if (previous != null && !ModelValidation.problems(previous).isEmpty()) {
            previous = null;
        }
        Map<String, Duration> stages = new LinkedHashMap<>();
        Stopwatch watch = new Stopwatch();

        CustomerFeatures[] ordered = canonicalOrder(customers, options.seed());
        int n = ordered.length;
        if (n < 2) {
            throw new TrainingException("need at least 2 customers with purchases to train, have " + n);
        }
        long[] recency = new long[n];
        double[][] points = new double[n][];
        for (int i = 0; i < n; i++) {
            recency[i] = ordered[i].recencyDays(asOf);
            points[i] = new double[] {
                    Math.log1p(Math.max(0, (double) recency[i])),
                    Math.log1p(Math.max(0, (double) ordered[i].frequency())),
                    Math.log1p(Math.max(0, ordered[i].monetary()))};
        }
        int fitSize = Math.min(n, options.fitSampleSize());
        SegmentModel.Scaler scaler = fitScaler(points, fitSize);
        for (double[] point : points) {
            for (int d = 0; d < DIMENSIONS; d++) {
                // the same arithmetic as SegmentScorer.point, so training and scoring agree to the last bit
                point[d] = (point[d] - scaler.mean()[d]) / scaler.std()[d];
            }
        }
        double[][] fitPoints = Arrays.copyOf(points, fitSize);
        stages.put("features", watch.lap());

        KMeansFitter fitter = new KMeansFitter(fitPoints, options.seed(), options.restarts(), options.maxIterations());
        int[] ks = options.kValues();
        List<double[][]> fits = new ArrayList<>();
        List<TrainingReport.CandidateReport> partial = new ArrayList<>();
        for (int k : ks) {
            double[][] centroids = fitter.fit(k);
            double inertia = centroids == null ? Double.NaN : inertia(fitPoints, centroids);
            Duration time = watch.lap();
            stages.put("fit k=" + k, time);
            fits.add(centroids);
            partial.add(new TrainingReport.CandidateReport(k, centroids != null, inertia, Double.NaN, time));
        }

        int silhouetteSize = Math.min(n, options.silhouetteSampleSize());
        double[][] silhouettePoints = Arrays.copyOf(points, silhouetteSize);
        List<Integer> feasible = new ArrayList<>();
        for (int c = 0; c < ks.length; c++) {
            if (fits.get(c) != null) {
                feasible.add(c);
            }
        }
        if (feasible.isEmpty()) {
            throw new TrainingException("the " + n + " customers are too alike to form " + describe(ks)
                    + " distinct segments");
        }
        int[][] labels = new int[feasible.size()][];
        int[] clusterCounts = new int[feasible.size()];
        for (int f = 0; f < feasible.size(); f++) {
            double[][] centroids = fits.get(feasible.get(f));
            clusterCounts[f] = centroids.length;
            labels[f] = new int[silhouetteSize];
            for (int i = 0; i < silhouetteSize; i++) {
                labels[f][i] = nearest(silhouettePoints[i], centroids);
            }
        }
        double[] silhouettes = Silhouette.scores(silhouettePoints, labels, clusterCounts);
        List<TrainingReport.CandidateReport> candidateReports = new ArrayList<>(partial);
        int best = -1;
        for (int f = 0; f < feasible.size(); f++) {
            int c = feasible.get(f);
            TrainingReport.CandidateReport r = partial.get(c);
            candidateReports.set(c, new TrainingReport.CandidateReport(r.k(), true, r.inertia(), silhouettes[f],
                    r.fitTime()));
            // ties go to the smaller k: fewer segments are easier to act on
            if (best < 0 || silhouettes[f] > candidateReports.get(best).silhouette()) {
                best = c;
            }
        }
        stages.put("silhouette", watch.lap());

        TrainingReport.CandidateReport chosen = candidateReports.get(best);
        SegmentNamer namer = new SegmentNamer(options.catalog(), options.maxKeepDistance());
        List<SegmentNamer.NamedCentroid> named = namer.name(fits.get(best), scaler, previous);
        stages.put("naming", watch.lap());

        List<SegmentModel.Candidate> candidates = new ArrayList<>();
        for (TrainingReport.CandidateReport c : candidateReports) {
            if (!c.feasible()) {
                continue;
            }
            int index = indexOf(ks, c.k());
            List<SegmentNamer.NamedCentroid> candidateNames = index == best ? named
                    : namer.name(fits.get(index), scaler, previous);
            List<SegmentModel.Segment> segments = sized(candidateNames, ordered, recency,
                    assign(points, candidateNames));
            candidates.add(new SegmentModel.Candidate(c.k(), c.silhouette(), c.inertia(), segments));
        }
        stages.put("candidates", watch.lap());

        int comparisonSize = Math.min(silhouetteSize, COMPARISON_SAMPLE);
        double[][] comparisonPoints = Arrays.copyOf(points, comparisonSize);
        int[] kMeansLabels = assign(comparisonPoints, named);
        List<SegmentModel.MethodComparison> comparison = MethodComparisons.compare(comparisonPoints, kMeansLabels,
                named.stream().map(SegmentNamer.NamedCentroid::centroid).toArray(double[][]::new));
        stages.put("comparison", watch.lap());

        long[] frequencies = new long[n];
        long[] cents = new long[n];
        for (int i = 0; i < n; i++) {
            frequencies[i] = ordered[i].frequency();
            cents[i] = ordered[i].monetaryCents();
        }
        RfmScoring.Edges edges = RfmScoring.edges(recency, frequencies, cents);

        SegmentModel.Quality quality = new SegmentModel.Quality(chosen.k(), chosen.silhouette(), chosen.inertia(),
                candidates, silhouetteSize, comparison);
        int[] assignment = assign(points, named);
        List<SegmentModel.Segment> segments = sized(named, ordered, recency, assignment);
        SegmentModel model = new SegmentModel(SegmentModel.DEFAULT_NAME, version, trainedAt, asOf,
                SegmentModel.FEATURES, SegmentModel.TRANSFORM_LOG1P, scaler, segments, quality, n, null, edges);
        stages.put("assignment", watch.lap());

        Stability stability = null;
        if (previous != null) {
            stability = stability(previous, model, ordered, recency, assignment);
            stages.put("migration", watch.lap());
        }
        List<TrainingReport.SegmentReport> segmentReports = new ArrayList<>();
        for (int s = 0; s < named.size(); s++) {
            segmentReports.add(new TrainingReport.SegmentReport(named.get(s).id(), named.get(s).name(),
                    model.segments().get(s).size(), named.get(s).origin()));
        }
        TrainingReport report = new TrainingReport(asOf, n, fitSize, silhouetteSize, candidateReports, chosen.k(),
                segmentReports, stages, stability, comparison, edges);
        return new Result(model, report);
    }

    private static CustomerFeatures[] canonicalOrder(Collection<CustomerFeatures> customers, long seed) {
        record Keyed(long key, CustomerFeatures customer) {
        }
        Keyed[] keyed = new Keyed[customers.size()];
        int i = 0;
        for (CustomerFeatures customer : customers) {
            keyed[i++] = new Keyed(sampleKey(seed, customer.customerId()), customer);
        }
        Arrays.sort(keyed, Comparator.comparingLong(Keyed::key)
                .thenComparing(k -> k.customer().customerId()));
        CustomerFeatures[] ordered = new CustomerFeatures[keyed.length];
        for (int j = 0; j < keyed.length; j++) {
            ordered[j] = keyed[j].customer();
            if (j > 0 && ordered[j].customerId().equals(ordered[j - 1].customerId())) {
                throw new IllegalArgumentException("customer " + ordered[j].customerId() + " appears twice");
            }
        }
        return ordered;
    }

    /** A seeded 64-bit hash of the id (FNV-1a, then the SplitMix64 finaliser). */
    public static long sampleKey(long seed, String customerId) {
        long h = 0xCBF29CE484222325L ^ seed;
        for (int i = 0; i < customerId.length(); i++) {
            h ^= customerId.charAt(i);
            h *= 0x100000001B3L;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** Mean and population standard deviation per feature; a constant feature gets std 1 (it separates nobody). */
    private static SegmentModel.Scaler fitScaler(double[][] logs, int size) {
        double[] mean = new double[DIMENSIONS];
        double[] std = new double[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += logs[i][d];
            }
            mean[d] = sum / size;
            double squares = 0;
            for (int i = 0; i < size; i++) {
                double diff = logs[i][d] - mean[d];
                squares += diff * diff;
            }
            double deviation = Math.sqrt(squares / size);
            std[d] = deviation > 1e-12 && Double.isFinite(deviation) ? deviation : 1.0;
        }
        return new SegmentModel.Scaler(mean, std);
    }

    /** Nearest centroid, ties to the earlier one: the rule of {@link SegmentScorer#nearestIndex}. */
    private static int nearest(double[] point, double[][] centroids) {
        int best = 0;
        double bestDistance = squaredDistance(point, centroids[0]);
        for (int c = 1; c < centroids.length; c++) {
            double distance = squaredDistance(point, centroids[c]);
            if (distance < bestDistance) {
                best = c;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Within-cluster sum of squared distances of the points to their nearest centroid. */
    static double inertia(double[][] points, double[][] centroids) {
        double sum = 0;
        for (double[] point : points) {
            sum += squaredDistance(point, centroids[nearest(point, centroids)]);
        }
        return sum;
    }

    /** The segment of each point under the named centroids: the rule of {@link SegmentScorer#nearestIndex}. */
    private static int[] assign(double[][] points, List<SegmentNamer.NamedCentroid> named) {
        double[][] centroids = named.stream().map(SegmentNamer.NamedCentroid::centroid).toArray(double[][]::new);
        int[] assignment = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            assignment[i] = nearest(points[i], centroids);
        }
        return assignment;
    }

    /** The named segments with their sizes and mean customer over every training customer. */
    private static List<SegmentModel.Segment> sized(List<SegmentNamer.NamedCentroid> named,
                                                    CustomerFeatures[] customers, long[] recency, int[] assignment) {
        int k = named.size();
        long[] sizes = new long[k];
        long[] recencySums = new long[k];
        long[] frequencySums = new long[k];
        long[] centsSums = new long[k];
        for (int i = 0; i < customers.length; i++) {
            int s = assignment[i];
            sizes[s]++;
            recencySums[s] += recency[i];
            frequencySums[s] += customers[i].frequency();
            centsSums[s] += customers[i].monetaryCents();
        }
        List<SegmentModel.Segment> segments = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            SegmentNamer.NamedCentroid segment = named.get(s);
            SegmentModel.SegmentMean mean = sizes[s] == 0 ? new SegmentModel.SegmentMean(0, 0, 0)
                    : new SegmentModel.SegmentMean(
                            round2((double) recencySums[s] / sizes[s]),
                            round2((double) frequencySums[s] / sizes[s]),
                            Math.round((double) centsSums[s] / sizes[s]) / 100.0);
            segments.add(new SegmentModel.Segment(segment.id(), segment.name(), segment.action(),
                    segment.centroid(), sizes[s], mean));
        }
        return segments;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new IllegalArgumentException(value + " is not among " + Arrays.toString(values));
    }

    private static Stability stability(SegmentModel previous, SegmentModel model, CustomerFeatures[] customers,
                                       long[] recency, int[] assignment) {
        SegmentScorer before = SegmentScorer.of(previous);
        List<SegmentModel.Segment> oldSegments = previous.segments();
        List<SegmentModel.Segment> newSegments = model.segments();
        long[][] counts = new long[oldSegments.size()][newSegments.size()];
        long moved = 0;
        for (int i = 0; i < customers.length; i++) {
            int from = before.nearestIndex(before.point(recency[i], customers[i].frequency(),
                    customers[i].monetary()));
            int to = assignment[i];
            counts[from][to]++;
            if (!oldSegments.get(from).id().equals(newSegments.get(to).id())) {
                moved++;
            }
        }
        Map<String, Map<String, Long>> migration = new LinkedHashMap<>();
        for (int from = 0; from < oldSegments.size(); from++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (int to = 0; to < newSegments.size(); to++) {
                if (counts[from][to] > 0) {
                    row.put(newSegments.get(to).id(), counts[from][to]);
                }
            }
            migration.put(oldSegments.get(from).id(), row);
        }
        Map<String, Double> shifts = new TreeMap<>();
        List<String> added = new ArrayList<>();
        for (SegmentModel.Segment segment : newSegments) {
            SegmentModel.Segment old = oldSegments.stream().filter(o -> o.id().equals(segment.id())).findFirst()
                    .orElse(null);
            if (old == null) {
                added.add(segment.id());
            } else {
                double[] oldCentroid = SegmentNamer.inNewSpace(old.centroid(), previous.scaler(), model.scaler());
                shifts.put(segment.id(), SegmentNamer.distance(segment.centroid(), oldCentroid));
            }
        }
        List<String> removed = oldSegments.stream().map(SegmentModel.Segment::id)
                .filter(id -> newSegments.stream().noneMatch(s -> s.id().equals(id)))
                .toList();
        return new Stability(previous.version(), migration, moved, customers.length, shifts, added, removed);
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static String describe(int[] ks) {
        return ks.length == 1 ? String.valueOf(ks[0]) : ks[0] + ".." + ks[ks.length - 1];
    }

    /** Wall time between laps. */
    private static final class Stopwatch {
        private long last = System.nanoTime();

        Duration lap() {
            long now = System.nanoTime();
            Duration elapsed = Duration.ofNanos(now - last);
            last = now;
            return elapsed;
        }
    }
}

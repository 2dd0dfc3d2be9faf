package org.rfmstream.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.hipparchus.random.RandomDataGenerator;
import org.rfmstream.bench.BenchException;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.ops.generate.RetailDataGenerator;
import org.rfmstream.ops.retail.CancellationPolicy;
import org.rfmstream.ops.retail.InvoiceAssembler;
import org.rfmstream.ops.retail.RetailCsvReader;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.Money;
import org.rfmstream.schemas.SegmentModel;
import org.rfmstream.schemas.TransactionType;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;
import org.rfmstream.schemas.value.CustomerValue;
import org.rfmstream.schemas.value.ValueScorer;
import org.rfmstream.schemas.value.ValueSettings;

/**
 * The customer value models: what one customer's value costs to evaluate (in process, the schemas arithmetic every
 * reader uses), how long the trainer takes to fit them on the largest population and whether it recovers the
 * parameters it was simulated with (the shipped trainer as a child process, like {@code bench trainer}), and a
 * holdout on generated retail data: fit on the first 9 months, predict each customer's orders in the next 3.
 */
public final class ValueBench extends Benchmark {

    static final String NAME = "value";
    private static final Instant AS_OF = Instant.parse("2024-06-30T00:00:00Z");
    private static final long WEEK_MILLIS = Duration.ofDays(7).toMillis();
    /** The simulated population's true parameters (weeks); the trainer's default time unit. */
    private static final double R = 0.75;
    private static final double ALPHA = 6.0;
    private static final double A = 0.9;
    private static final double B = 3.0;
    private static final double P = 4.0;
    private static final double Q = 5.0;
    private static final double GAMMA = 60.0;
    private static final int EVALUATED = 1_000_000;
    private static final int HOLDOUT_CUSTOMERS = 20_000;
    private static final Instant HOLDOUT_CUT = RetailDataGenerator.HISTORY_START.plusMonths(9)
            .toInstant(ZoneOffset.UTC);
    private static final int HOLDOUT_DAYS = 91;
    private static final Pattern VALUE_LINE = Pattern.compile(
            "^value models \\((\\w+), (\\d+) of (\\d+) customers, (\\d+) with repeat orders, (\\d+) evaluations, "
                    + "(\\d+) ms\\)");

    public ValueBench() {
        super(NAME, "Customer value models: one customer's value evaluated in process; the trainer's fit on "
                + "simulated customers (child process, dry run) and the parameters it recovers; a 9 + 3 month "
                + "holdout on generated retail data.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        Path jar = options.trainerJar().toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("the trainer jar " + jar + " does not exist: build it with `mvn -pl trainer -am "
                    + "package` or give its path with --trainer-jar");
        }
        int fitCustomers = options.trainerCustomers().stream().max(Integer::compare).orElse(1_000_000);
        BenchReport.Builder report = report();
        report.parameter("evaluatedCustomers", EVALUATED)
                .parameter("fitCustomers", fitCustomers)
                .parameter("trueParameters", Map.of("r", R, "alpha", ALPHA, "a", A, "b", B, "p", P, "q", Q,
                        "gamma", GAMMA, "timeUnit", "weeks"))
                .parameter("holdout", Map.of("generatedCustomers", HOLDOUT_CUSTOMERS, "cut", HOLDOUT_CUT.toString(),
                        "holdoutDays", HOLDOUT_DAYS))
                .parameter("trainerJar", options.trainerJar().toString())
                .parameter("runs", options.runs());
        Simulated simulated = simulate(Math.max(EVALUATED, fitCustomers));
        Map<String, Double> holdout;
        try (BenchBroker broker = BenchBroker.start(options.workDir().resolve(NAME))) {
            broker.createTopic(TopicNames.defaults().segmentModels(), 1, true);
            String topic = "customer-profiles-value";
            broker.createTopic(topic, options.partitions(), true);
            progress.say("holdout: generating %,d customers of retail history", HOLDOUT_CUSTOMERS);
            Map<String, History> histories = histories(options);
            String holdoutTopic = "customer-profiles-holdout";
            broker.createTopic(holdoutTopic, options.partitions(), true);
            progress.say("writing %,d simulated customer profiles and %,d holdout profiles", fitCustomers,
                    histories.size());
            // one producer for both: a second idempotent producer on the same scratch broker was refused with
            // out-of-order sequence numbers
            try (KafkaProducer<String, byte[]> producer = BenchData.producer(broker.bootstrapServers(), 20)) {
                AtomicLong failed = new AtomicLong();
                sendProfiles(producer, topic, simulated, fitCustomers, failed);
                sendHoldoutProfiles(producer, holdoutTopic, histories, failed);
                producer.flush();
                if (failed.get() > 0) {
                    throw new BenchException(failed.get() + " profiles were not sent");
                }
            }
            holdout = holdout(broker, holdoutTopic, histories, jar, progress);
            for (int run = 1; run <= options.runs(); run++) {
                Map<String, Double> figures = new LinkedHashMap<>();
                SegmentModel.Value fitted = fit(jar, broker.bootstrapServers(), topic, AS_OF, figures);
                figures.put("fit.rRelativeError", fitted.r() / R - 1);
                figures.put("fit.alphaRelativeError", fitted.alpha() / ALPHA - 1);
                figures.put("fit.aRelativeError", fitted.a() / A - 1);
                figures.put("fit.bRelativeError", fitted.b() / B - 1);
                figures.put("fit.pRelativeError", fitted.p() / P - 1);
                figures.put("fit.qRelativeError", fitted.q() / Q - 1);
                figures.put("fit.gammaRelativeError", fitted.gamma() / GAMMA - 1);
                evaluate(simulated, ValueScorer.of(fitted, ValueSettings.defaults()), "evaluate", figures);
                evaluate(simulated, ValueScorer.of(fitted, new ValueSettings(365, 0.3, 0.01)), "evaluateDiscounted",
                        figures);
                figures.putAll(holdout);
                progress.say("run %d: fit %.2f s on %,.0f customers; evaluate %.3f us per customer", run,
                        figures.get("fit.seconds"), figures.get("fit.customersFitted"),
                        figures.get("evaluate.microsPerCustomer"));
                report.run(figures);
            }
        }
        report.note("fit.seconds is the trainer's own time for the value models (its report line), on a seeded "
                + "sample of TRAINER_VALUE_SAMPLE_SIZE customers of the population; fit.*RelativeError is fitted / "
                + "true - 1 on the simulated population. evaluate.microsPerCustomer is ValueScorer.evaluate over "
                + EVALUATED + " customers on one thread (horizon 90 days, no discount); evaluateDiscounted uses a "
                + "365-day horizon with a monthly discount (13 evaluations of 2F1 instead of 1). holdout.*: generated "
                + "retail data (ops generate), the trainer fitted on the purchases before the cut, predictions of "
                + "each customer's purchases in the next 91 days against what they bought; auc is the ROC-AUC of "
                + "'buys again in the holdout' ranked by expected orders, recencyAuc the same ranked by recency "
                + "alone (more recent = more likely).");
        Map<String, Double> median = report.median();
        List<BenchReport.Target> targets = List.of(
                BenchReport.Target.atMost("value fit, " + fitCustomers + " customers <= 20 s", "fit.seconds", 20,
                        median, "s"),
                BenchReport.Target.atMost("one customer's value <= 5 us", "evaluate.microsPerCustomer", 5, median,
                        "us"));
        return report.build(targets);
    }

    /** Customers drawn from the BG/NBD and Gamma-Gamma generative processes (see the trainer's ValueSimulation). */
    record Simulated(long[] first, long[] last, long[] frequency, long[] monetaryCents, long[] firstOrderCents) {
    }

    static Simulated simulate(int customers) {
        RandomDataGenerator random = new RandomDataGenerator(11);
        long[] first = new long[customers];
        long[] last = new long[customers];
        long[] frequency = new long[customers];
        long[] monetary = new long[customers];
        long[] firstOrder = new long[customers];
        for (int i = 0; i < customers; i++) {
            double lambda = random.nextGamma(R, 1 / ALPHA);
            double dropout = random.nextBeta(A, B);
            double nu = random.nextGamma(Q, 1 / GAMMA);
            double t = 26 + 78 * random.nextDouble();
            double now = 0;
            double lastAt = 0;
            long count = 0;
            long cents = 0;
            while (true) {
                now += random.nextExponential(1 / lambda);
                if (now > t) {
                    break;
                }
                count++;
                lastAt = now;
                cents += Math.max(1, Math.round(100 * random.nextGamma(P, 1 / nu)));
                if (random.nextDouble() < dropout) {
                    break;
                }
            }
            long firstCents = Math.max(1, Math.round(100 * random.nextGamma(P, 1 / nu)));
            first[i] = AS_OF.toEpochMilli() - Math.round(t * WEEK_MILLIS);
            last[i] = first[i] + Math.round(lastAt * WEEK_MILLIS);
            frequency[i] = count + 1;
            monetary[i] = firstCents + cents;
            firstOrder[i] = firstCents;
        }
        return new Simulated(first, last, frequency, monetary, firstOrder);
    }

    private static void evaluate(Simulated customers, ValueScorer scorer, String name, Map<String, Double> figures) {
        long asOf = AS_OF.toEpochMilli();
        double sink = 0;
        // warm up the JIT on a tenth, then time every customer
        for (int i = 0; i < EVALUATED / 10; i++) {
            sink += scorer.evaluate(customers.first()[i], customers.last()[i], customers.frequency()[i],
                    customers.monetaryCents()[i], customers.firstOrderCents()[i], asOf).pAlive();
        }
        long started = System.nanoTime();
        for (int i = 0; i < EVALUATED; i++) {
            sink += scorer.evaluate(customers.first()[i], customers.last()[i], customers.frequency()[i],
                    customers.monetaryCents()[i], customers.firstOrderCents()[i], asOf).pAlive();
        }
        double micros = (System.nanoTime() - started) / 1e3 / EVALUATED;
        if (!Double.isFinite(sink)) {
            throw new BenchException("a customer's value is not finite");
        }
        figures.put(name + ".microsPerCustomer", micros);
    }

    private static void sendProfiles(KafkaProducer<String, byte[]> producer, String topic, Simulated customers,
                                     int count, AtomicLong failed) {
        for (int i = 0; i < count; i++) {
            String id = "V" + i;
            Instant last = Instant.ofEpochMilli(customers.last()[i]);
            CustomerProfile profile = new CustomerProfile(id, Instant.ofEpochMilli(customers.first()[i]), last,
                    customers.frequency()[i], Money.fromCents(customers.monetaryCents()[i]), Money.ZERO, null,
                    null, null, null, last, Money.fromCents(customers.firstOrderCents()[i]));
            send(producer, topic, id, profile, failed);
        }
    }

    private static void sendHoldoutProfiles(KafkaProducer<String, byte[]> producer, String topic,
                                            Map<String, History> histories, AtomicLong failed) {
        for (Map.Entry<String, History> entry : histories.entrySet()) {
            History h = entry.getValue();
            Instant last = Instant.ofEpochMilli(h.last);
            send(producer, topic, entry.getKey(), new CustomerProfile(entry.getKey(), Instant.ofEpochMilli(h.first),
                    last, h.frequency, Money.fromCents(Math.max(0, h.purchasedCents - h.refundedCents)),
                    Money.fromCents(h.refundedCents), null, null, null, null, last,
                    Money.fromCents(h.firstOrderCents)), failed);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String id, CustomerProfile profile,
                             AtomicLong failed) {
        producer.send(new ProducerRecord<>(topic, id, Json.toBytes(profile)), (metadata, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        });
    }

    /** One customer's history split at the cut: the calibration profile's figures and the holdout's purchases. */
    private static final class History {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long frequency;
        long purchasedCents;
        long refundedCents;
        long firstOrderCents;
        int holdoutPurchases;
    }

    /** Each generated customer's history split at the cut; only customers with a purchase before the cut. */
    private static Map<String, History> histories(BenchOptions options) {
        Path csv = options.workDir().resolve(NAME).resolve("holdout.csv");
        Map<String, History> histories = new HashMap<>();
        long cut = HOLDOUT_CUT.toEpochMilli();
        long end = HOLDOUT_CUT.plus(Duration.ofDays(HOLDOUT_DAYS)).toEpochMilli();
        try {
            Files.createDirectories(csv.getParent());
            BenchData.generateCsv(csv, HOLDOUT_CUSTOMERS);
            try (RetailCsvReader reader = RetailCsvReader.of(Files.newInputStream(csv))) {
                InvoiceAssembler.assemble(reader, CancellationPolicy.REFUND, InvoiceAssembler.DEFAULT_CURRENCY,
                        transaction -> {
                            long at = transaction.timestamp().toEpochMilli();
                            History history = histories.computeIfAbsent(transaction.customerId(), id -> new History());
                            long cents = Money.toCents(transaction.amount());
                            boolean purchase = transaction.type() == TransactionType.PURCHASE;
                            if (at < cut) {
                                if (purchase) {
                                    if (at < history.first) {
                                        history.first = at;
                                        history.firstOrderCents = cents;
                                    }
                                    history.last = Math.max(history.last, at);
                                    history.frequency++;
                                    history.purchasedCents += cents;
                                } else {
                                    history.refundedCents += cents;
                                }
                            } else if (at < end && purchase) {
                                history.holdoutPurchases++;
                            }
                        });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate or read " + csv, e);
        }
        histories.values().removeIf(history -> history.frequency == 0);
        return new java.util.TreeMap<>(histories);
    }

    /** Fits on the generated history before the cut and scores the predictions of the 91 days after it. */
    private static Map<String, Double> holdout(BenchBroker broker, String topic, Map<String, History> histories,
                                               Path jar, Progress progress) {
        long cut = HOLDOUT_CUT.toEpochMilli();
        List<String> ids = List.copyOf(histories.keySet());
        progress.say("holdout: fitting on %,d customers' first 9 months", ids.size());
        Map<String, Double> figures = new LinkedHashMap<>();
        SegmentModel.Value value = fit(jar, broker.bootstrapServers(), topic, HOLDOUT_CUT, new HashMap<>());
        ValueScorer scorer = ValueScorer.of(value, new ValueSettings(HOLDOUT_DAYS, 1, 0));
        int n = ids.size();
        double[] predicted = new double[n];
        double[] recency = new double[n];
        boolean[] again = new boolean[n];
        double predictedTotal = 0;
        long actualTotal = 0;
        double absoluteError = 0;
        for (int i = 0; i < n; i++) {
            History h = histories.get(ids.get(i));
            CustomerValue v = scorer.evaluate(h.first, h.last, h.frequency,
                    Math.max(0, h.purchasedCents - h.refundedCents), h.firstOrderCents, cut);
            predicted[i] = v.expectedOrders();
            recency[i] = -(cut - h.last);
            again[i] = h.holdoutPurchases > 0;
            predictedTotal += predicted[i];
            actualTotal += h.holdoutPurchases;
            absoluteError += Math.abs(predicted[i] - h.holdoutPurchases);
        }
        figures.put("holdout.customers", (double) n);
        figures.put("holdout.predictedOrders", predictedTotal);
        figures.put("holdout.actualOrders", (double) actualTotal);
        figures.put("holdout.predictedToActual", predictedTotal / actualTotal);
        figures.put("holdout.meanAbsoluteError", absoluteError / n);
        figures.put("holdout.auc", auc(predicted, again));
        figures.put("holdout.recencyAuc", auc(recency, again));
        figures.put("holdout.r", value.r());
        figures.put("holdout.alpha", value.alpha());
        figures.put("holdout.a", value.a());
        figures.put("holdout.b", value.b());
        progress.say("holdout: predicted %.0f orders, actual %d; MAE %.3f; AUC %.3f (recency alone %.3f)",
                predictedTotal, actualTotal, absoluteError / n, figures.get("holdout.auc"),
                figures.get("holdout.recencyAuc"));
        return figures;
    }

    /** ROC-AUC by the Mann-Whitney statistic, ties counted half. */
    static double auc(double[] score, boolean[] positive) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(score[i], score[j]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Runs the trainer once (dry run) and reads the value block of the model it prints, and its fit time. */
    private static SegmentModel.Value fit(Path jar, String bootstrapServers, String topic, Instant asOf,
                                          Map<String, Double> figures) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--once", "--dry-run",
                "--no-progress", "--as-of", asOf.toString());
        builder.environment().put(Settings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        builder.environment().put(TopicNames.TOPIC_CUSTOMER_PROFILES, topic);
        builder.environment().put(TopicNames.TOPIC_SEGMENT_MODELS, TopicNames.SEGMENT_MODELS);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        List<String> lines = new ArrayList<>();
        int exit;
        try {
            Process process = builder.start();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new BenchException("the trainer did not finish within 30 minutes");
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new BenchException("cannot start the trainer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
        if (exit != 0 && exit != 3) {
            throw new BenchException("the trainer failed (exit " + exit + ")");
        }
        int close = lines.indexOf("}");
        if (close < 0) {
            throw new BenchException("the trainer printed no model");
        }
        SegmentModel model = Json.fromString(String.join("\n", lines.subList(0, close + 1)), SegmentModel.class);
        if (model.value() == null) {
            throw new BenchException("the trainer fitted no value models: " + lines.stream()
                    .filter(line -> line.startsWith("value models")).findFirst().orElse("(no report line)"));
        }
        for (String line : lines) {
            Matcher matcher = VALUE_LINE.matcher(line);
            if (matcher.find()) {
                figures.put("fit.customersFitted", Double.parseDouble(matcher.group(2)));
                figures.put("fit.customers", Double.parseDouble(matcher.group(3)));
                figures.put("fit.repeatCustomers", Double.parseDouble(matcher.group(4)));
                figures.put("fit.evaluations", Double.parseDouble(matcher.group(5)));
                figures.put("fit.seconds", Long.parseLong(matcher.group(6)) / 1000.0);
            }
        }
        return model.value();
    }
}

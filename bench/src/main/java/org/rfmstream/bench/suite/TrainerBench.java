package org.rfmstream.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rfmstream.bench.BenchException;
import org.rfmstream.bench.BenchOptions;
import org.rfmstream.bench.BenchReport;
import org.rfmstream.bench.Benchmark;
import org.rfmstream.bench.support.BenchBroker;
import org.rfmstream.bench.support.BenchData;
import org.rfmstream.schemas.CustomerProfile;
import org.rfmstream.schemas.Json;
import org.rfmstream.schemas.config.Settings;
import org.rfmstream.schemas.config.TopicNames;

/**
 * The trainer's time per stage at each population size, run as the shipped program: {@code java -jar trainer.jar
 * --once --dry-run} as a child process (the trainer is GPL; ops only starts it), reading shop-like customer
 * profiles from a real {@code customer-profiles} topic. The stage times and the silhouette sample size come from
 * the trainer's own report.
 */
public final class TrainerBench extends Benchmark {

    static final String NAME = "trainer";
    private static final Pattern CUSTOMERS = Pattern.compile(
            "^customers (\\d+) \\(clustered (\\d+), silhouette on (\\d+)\\)");
    private static final Pattern STAGE = Pattern.compile("(\\S+)=(\\d+)ms");
    private static final Instant AS_OF = Instant.parse("2024-06-30T00:00:00Z");

    public TrainerBench() {
        super(NAME,
                "The trainer's own stage times (dry run, as a child process reading customer-profiles from Kafka) "
                        + "at each population size.");
    }

    @Override
    public BenchReport run(BenchOptions options, Progress progress) {
        Path jar = options.trainerJar().toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("the trainer jar " + jar + " does not exist: build it with `mvn -pl trainer -am "
                    + "package` or give its path with --trainer-jar");
        }
        BenchReport.Builder report = report();
        report.parameter("customers", options.trainerCustomers())
                .parameter("trainerJar", options.trainerJar().toString())
                .parameter("trainerArguments", "--once --dry-run --no-progress --as-of " + AS_OF)
                .parameter("runs", options.runs());
        try (BenchBroker broker = BenchBroker.start(options.workDir().resolve(NAME))) {
            TopicNames defaults = TopicNames.defaults();
            broker.createTopic(defaults.segmentModels(), 1, true);
            List<Map<String, Double>> runs = new ArrayList<>();
            for (int run = 0; run < options.runs(); run++) {
                runs.add(new LinkedHashMap<>());
            }
            for (int customers : options.trainerCustomers()) {
                String topic = "customer-profiles-" + customers;
                broker.createTopic(topic, options.partitions(), true);
                progress.say("writing %,d customer profiles", customers);
                sendProfiles(broker.bootstrapServers(), topic, customers);
                for (int run = 1; run <= options.runs(); run++) {
                    Map<String, Double> figures = runs.get(run - 1);
                    trainOnce(jar, broker.bootstrapServers(), topic, customers, figures);
                    progress.say("run %d: %,d customers: training %.2f s (child process %.2f s)", run, customers,
                            figures.get("n" + customers + ".trainingSeconds"),
                            figures.get("n" + customers + ".processSeconds"));
                }
                broker.deleteTopics(List.of(topic));
            }
            runs.forEach(report::run);
        }
        report.note("trainingSeconds is the sum of the trainer's stage times (its report); processSeconds is the "
                + "child process from start to exit, including JVM start and reading every profile from Kafka.");
        Map<String, Double> median = report.median();
        List<BenchReport.Target> targets = new ArrayList<>();
        if (options.trainerCustomers().contains(100_000)) {
            targets.add(BenchReport.Target.atMost("trainer, 100k customers < 5 s", "n100000.trainingSeconds", 5,
                    median, "s"));
        }
        if (options.trainerCustomers().contains(1_000_000)) {
            targets.add(BenchReport.Target.atMost("trainer, 1 M customers < 60 s", "n1000000.trainingSeconds", 60,
                    median, "s"));
        }
        return report.build(targets);
    }

    private static void trainOnce(Path jar, String bootstrapServers, String topic, int customers,
                                  Map<String, Double> figures) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--once", "--dry-run",
                "--no-progress", "--as-of", AS_OF.toString());
        builder.environment().put(Settings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        builder.environment().put(TopicNames.TOPIC_CUSTOMER_PROFILES, topic);
        builder.environment().put(TopicNames.TOPIC_SEGMENT_MODELS, TopicNames.SEGMENT_MODELS);
        long started = System.nanoTime();
        AtomicLong readDone = new AtomicLong(-1);
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        int exit;
        try {
            Process process = builder.start();
            Thread errors = Thread.ofPlatform().start(() -> readLines(process.getErrorStream(), line -> {
                if (line.contains("training on ") && readDone.get() < 0) {
                    readDone.set(System.nanoTime());
                }
                stderr.append(line).append('\n');
            }));
            readLines(process.getInputStream(), line -> stdout.append(line).append('\n'));
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new BenchException("the trainer did not finish within 30 minutes");
            }
            errors.join();
            exit = process.exitValue();
        } catch (IOException e) {
            throw new BenchException("cannot start the trainer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
        double processSeconds = (System.nanoTime() - started) / 1e9;
        // 0: the model would pass the gate; 3: it would be refused (still trained and timed)
        if (exit != 0 && exit != 3) {
            throw new BenchException("the trainer failed (exit " + exit + "): " + tail(stderr.toString()));
        }
        String prefix = "n" + customers + ".";
        parseReport(stdout.toString(), prefix, figures);
        figures.put(prefix + "processSeconds", processSeconds);
        if (readDone.get() > 0) {
            figures.put(prefix + "startAndReadSeconds", (readDone.get() - started) / 1e9);
        }
    }

    /** Reads the trainer's rendered report: sample sizes and {@code stages: a=12ms ... total=34ms}. */
    static void parseReport(String stdout, String prefix, Map<String, Double> figures) {
        boolean sawStages = false;
        for (String line : stdout.split("\n")) {
            Matcher customers = CUSTOMERS.matcher(line);
            if (customers.find()) {
                figures.put(prefix + "customersRead", Double.parseDouble(customers.group(1)));
                figures.put(prefix + "fitSample", Double.parseDouble(customers.group(2)));
                figures.put(prefix + "silhouetteSample", Double.parseDouble(customers.group(3)));
            }
            if (line.startsWith("stages:")) {
                sawStages = true;
                Matcher stage = STAGE.matcher(line);
                while (stage.find()) {
                    String name = stage.group(1).equals("total") ? "trainingSeconds" : "stage." + stage.group(1) + "Seconds";
                    figures.put(prefix + name, Long.parseLong(stage.group(2)) / 1000.0);
                }
            }
        }
        if (!sawStages) {
            throw new BenchException("the trainer's output has no stage times: " + tail(stdout));
        }
    }

    private static void readLines(java.io.InputStream in, java.util.function.Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }

    /**
     * Shop-like profiles: purchase counts geometric-ish, spend per order log-normal, last purchase over two years
     * with most customers recent (the trainer's own benchmark population, by the same recipe).
     */
    static void sendProfiles(String bootstrapServers, String topic, int count) {
        Random random = new Random(2024);
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = BenchData.producer(bootstrapServers, 20)) {
            for (int i = 0; i < count; i++) {
                double activity = random.nextDouble();
                long frequency = 1 + (long) Math.floor(-Math.log(1 - random.nextDouble()) * (1 + 12 * activity));
                double perOrder = 30 * Math.exp(0.8 * random.nextGaussian());
                BigDecimal monetary = BigDecimal.valueOf(Math.round(100 * perOrder * frequency), 2);
                long recency = (long) Math.floor(730 * Math.pow(random.nextDouble(), 1 + 2 * activity));
                Instant last = AS_OF.minus(Duration.ofDays(recency)).minusSeconds(3600);
                Instant first = last.minus(Duration.ofDays(random.nextInt(365)));
                String id = "C" + i;
                CustomerProfile profile = new CustomerProfile(id, first, last, frequency, monetary, BigDecimal.ZERO,
                        null, null, null, null, last);
                producer.send(new ProducerRecord<>(topic, id, Json.toBytes(profile)), (metadata, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new BenchException(failed.get() + " profiles were not sent");
        }
    }
}

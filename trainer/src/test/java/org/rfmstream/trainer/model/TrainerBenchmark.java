package org.rfmstream.trainer.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.rfmstream.schemas.SegmentModel;

/**
 * Measures the algorithm on shop-like synthetic customers (not a test: run it by hand).
 * {@code java -cp ... org.rfmstream.trainer.model.TrainerBenchmark 100000 1000000}
 */
public final class TrainerBenchmark {

    private TrainerBenchmark() {
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        for (String arg : args.length == 0 ? new String[] {"100000"} : args) {
            int count = Integer.parseInt(arg);
            long generated = System.nanoTime();
            List<CustomerFeatures> customers = SyntheticCustomers.shopLike(count, 2024);
            System.out.printf(Locale.ROOT, "%n== %,d customers (generated in %d ms)%n", count,
                    (System.nanoTime() - generated) / 1_000_000);
            SegmentTrainer trainer = new SegmentTrainer(TrainingOptions.defaults());
            Instant now = Instant.now();

            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            SegmentTrainer.Result first = trainer.train(customers, SyntheticCustomers.AS_OF, null, 1, now);
            System.out.printf(Locale.ROOT, "first run: wall %d ms, process CPU %d ms (load average %.1f)%n",
                    (System.nanoTime() - wallBefore) / 1_000_000, (processCpuNanos() - cpuBefore) / 1_000_000,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.print(first.report().render());
            SegmentModel model = first.model();
            System.out.printf(Locale.ROOT, "first run: k=%d silhouette=%.4f total %d ms%n", model.quality().k(),
                    model.quality().silhouette(), first.report().totalTime().toMillis());

            SegmentTrainer.Result again = trainer.train(customers, SyntheticCustomers.AS_OF, model, 2, now);
            System.out.printf(Locale.ROOT, "immediate retrain: %d customers moved, total %d ms%n",
                    again.report().stability().moved(), again.report().totalTime().toMillis());
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "heap used %d MB of max %d MB%n",
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
        }
    }
}

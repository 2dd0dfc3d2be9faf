package org.rfmstream.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The sizes and timings of a fault run.
 *
 * @param customers     customers in the generated history
 * @param loadShare     share of the history's rows loaded as fast as possible before the first model
 * @param rate          events per second of the rest of the history, replayed while the fault happens
 * @param faultAfter    how long after the start of that replay the fault happens
 * @param observe       lookups go on at least this long after the fault
 * @param scaleHold     scale-out-in: how long the third instance runs once it is ready
 * @param strays        stray-records: records of each refused kind per batch
 * @param httpSample    customers asked over HTTP after the fault, to compare with the batch
 * @param appSettings   environment of every streams-app instance, over the suite's own
 */
record ChaosOptions(int customers, long seed, double loadShare, double rate, int partitions, int lookupThreads,
                    double lookupRate, Duration lookupTimeout, Duration faultAfter, Duration observe,
                    Duration scaleHold, Duration settleTimeout, Duration quiet, int strays, int httpSample,
                    Path workDir, Map<String, String> appSettings) {

    /** A short form for the integration test: a small history and short windows; the same checks. */
    static ChaosOptions small(Path workDir) {
        return new ChaosOptions(1000, 42, 0.4, 200, 6, 4, 60, Duration.ofSeconds(5), Duration.ofSeconds(4),
                Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(3), Duration.ofSeconds(3), 5, 100,
                workDir, Map.of());
    }
}

package org.rfmstream.ops.bench;

/** One benchmark of {@code ops bench}: it starts what it needs, runs {@code options.runs()} times, reports. */
interface Benchmark {

    String name();

    BenchReport run(BenchOptions options, Progress progress);

    /** Where a benchmark says what it is doing (stderr), so long runs are not silent. */
    interface Progress {
        void say(String format, Object... args);
    }
}

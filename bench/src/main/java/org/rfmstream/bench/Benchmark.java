package org.rfmstream.bench;

/**
 * One benchmark of the bench command, named on its command line: it starts what it needs, runs
 * {@code options.runs()} times and reports.
 */
public abstract class Benchmark {

    private final String name;
    private final String description;

    /** @param description what is measured, for the reader of the result file */
    protected Benchmark(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** The name on the command line and of the result file, {@code <name>.json}. */
    public final String name() {
        return name;
    }

    /** A new report of this benchmark. */
    protected BenchReport.Builder report() {
        return new BenchReport.Builder(name, description);
    }

    public abstract BenchReport run(BenchOptions options, Progress progress);

    /** Where a benchmark says what it is doing (stderr), so long runs are not silent. */
    public interface Progress {
        void say(String format, Object... args);
    }
}

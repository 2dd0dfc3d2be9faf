package org.rfmstream.ops.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rfmstream.ops.KafkaOptions;
import org.rfmstream.ops.OpsException;
import org.rfmstream.ops.retail.CancellationPolicy;
import org.rfmstream.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Sends a UCI Online Retail CSV file to the transactions topic, one event per invoice.")
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "F.csv", description = "the CSV file (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country)")
    private Path file;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", defaultValue = "0",
            description = "at most this many events per second (default: as fast as possible)")
    private double rate;

    @Option(names = "--cancellations", defaultValue = "refund", converter = PolicyConverter.class,
            description = "refund: send C... invoices as REFUND events (default); skip: drop them")
    private CancellationPolicy cancellations;

    @Mixin
    private KafkaOptions kafka;

    @Override
    public Integer call() {
        if (rate < 0 || Double.isNaN(rate)) {
            throw new OpsException("--rate must be 0 (no limit) or more, is " + rate);
        }
        long size = sizeOf(file);
        Settings settings = kafka.settings();
        String topic = settings.topics().transactions();
        TransactionReplayer replayer = new TransactionReplayer(settings.kafkaProperties(), topic);
        ReplayOptions options = ReplayOptions.defaults().withCancellations(cancellations).withRate(rate);
        ProgressBarBuilder progress = new ProgressBarBuilder()
                .setTaskName("replay " + file.getFileName())
                .setInitialMax(size)
                .setUnit(" MB", 1024 * 1024)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500);
        ReplaySummary summary;
        try (InputStream in = ProgressBar.wrap(Files.newInputStream(file), progress)) {
            summary = replayer.replay(in, options);
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        System.out.print(summary.describe(topic));
        if (summary.sendFailures() > 0) {
            throw new OpsException(summary.sendFailures() + " events were not sent: " + summary.firstFailure());
        }
        return 0;
    }

    private static long sizeOf(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new OpsException(file + " is a directory, not a CSV file");
            }
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new OpsException("file " + file + " does not exist");
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static final class PolicyConverter implements picocli.CommandLine.ITypeConverter<CancellationPolicy> {
        @Override
        public CancellationPolicy convert(String value) {
            try {
                return CancellationPolicy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

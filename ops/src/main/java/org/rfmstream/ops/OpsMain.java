package org.rfmstream.ops;

import org.rfmstream.ops.broker.KafkaCommand;
import org.rfmstream.ops.demo.DemoCommand;
import org.rfmstream.ops.erase.EraseCommand;
import org.rfmstream.ops.export.ExportCommand;
import org.rfmstream.ops.generate.GenerateCommand;
import org.rfmstream.ops.replay.ReplayCommand;
import org.rfmstream.ops.topics.TopicsCommand;
import org.rfmstream.schemas.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar ops.jar <command>}: what runs and feeds the system outside production. */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = "Runs and feeds rfm-stream outside production: a local Kafka broker, topics, data, replay, export,"
                + " erasure.",
        subcommands = {
            KafkaCommand.class, TopicsCommand.class, GenerateCommand.class, ReplayCommand.class, ExportCommand.class,
            EraseCommand.class, DemoCommand.class,
        })
public final class OpsMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit status: 0 done, 1 failed, 2 wrong usage. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new OpsMain());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof OpsException || exception instanceof ConfigException) {
                cmd.getErr().println("error: " + exception.getMessage());
                return 1;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package org.rfmstream.ops.demo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends this process's log (the in-process broker's and the Kafka clients') to a file while the demo runs: the
 * terminal is for the demo's own progress lines. Undone by {@link #close()}.
 */
final class DemoLogging implements AutoCloseable {

    private final Logger root;
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final FileAppender<ILoggingEvent> file;

    private DemoLogging(Logger root, FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.file = file;
    }

    /** Redirects the root logger to {@code log}; does nothing (returns null) if logback is not the logging backend. */
    static DemoLogging toFile(Path log) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("demo-file");
        appender.setFile(log.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        DemoLogging logging = new DemoLogging(root, appender);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            logging.detached.add(it.next());
        }
        logging.detached.forEach(root::detachAppender);
        root.addAppender(appender);
        return logging;
    }

    @Override
    public void close() {
        root.detachAppender(file);
        detached.forEach(root::addAppender);
        file.stop();
    }
}

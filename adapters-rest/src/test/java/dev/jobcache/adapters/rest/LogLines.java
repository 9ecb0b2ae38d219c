package dev.jobcache.adapters.rest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Every line the service logs, on any thread, while open: for tests that bound what a bad request costs in logs. */
final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // the MDC and the message as they are on the logging thread, as an asynchronous appender keeps them
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final Level level;
    private final boolean additive;

    LogLines() {
        this((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    private LogLines(Logger logger) {
        this.logger = logger;
        this.level = logger.getLevel();
        this.additive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * The lines of one logger and those below it at INFO and above, as the service's own logging configuration
     * writes them, whatever the tests' configuration says; kept off the test output.
     */
    static LogLines of(String name) {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        LogLines lines = new LogLines(logger);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        return lines;
    }

    List<ILoggingEvent> events() {
        // the appender adds under its own lock
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The lines as they read, a stack trace counting one line per frame, as it does in a log file. */
    long lineCount() {
        return events().stream().mapToLong(event -> 1 + (event.getThrowableProxy() == null ? 0
                : event.getThrowableProxy().getStackTraceElementProxyArray().length)).sum();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(additive);
        appender.stop();
    }
}

package dev.jobcache.adapters.rest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Every line the service logs, on any thread, while open: for tests that bound what a bad request costs in logs. */
final class LogLines implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogLines() {
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The lines as they read, a stack trace counting one line per frame, as it does in a log file. */
    long lineCount() {
        return events().stream().mapToLong(event -> 1 + (event.getThrowableProxy() == null ? 0
                : event.getThrowableProxy().getStackTraceElementProxyArray().length)).sum();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}

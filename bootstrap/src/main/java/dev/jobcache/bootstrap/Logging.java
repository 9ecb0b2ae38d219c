package dev.jobcache.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import dev.jobcache.bootstrap.config.LogFormat;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Logging as the bundled {@code logback.xml} sets it up, in the format {@code LOG_FORMAT} names. Logback configures
 * itself from that file the first time anything logs, which may be while the configuration is read, so before
 * {@code LOG_FORMAT} is known: it starts in text, and {@link #configure(LogFormat)} loads the file again in the
 * format chosen, the same levels and loggers in either.
 */
final class Logging {

    /** The Logback property {@code logback.xml} picks its output format by. */
    static final String FORMAT_PROPERTY = "jobcacheLogFormat";
    private static final String BUNDLED = "/logback.xml";

    private Logging() {
    }

    /**
     * Loads the bundled configuration in {@code format}, unless the operator gave Logback a file of their own
     * ({@code -Dlogback.configurationFile}), which is left as it is.
     *
     * @throws IllegalStateException when the bundled configuration cannot be loaded
     */
    static void configure(LogFormat format) {
        if (System.getProperty("logback.configurationFile") == null) {
            configure((LoggerContext) LoggerFactory.getILoggerFactory(), format);
        }
    }

    static void configure(LoggerContext context, LogFormat format) {
        URL bundled = Logging.class.getResource(BUNDLED);
        context.reset();
        // only this configuration's errors count
        context.getStatusManager().clear();
        context.putProperty(FORMAT_PROPERTY, format.configName());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(bundled);
        } catch (JoranException e) {
            throw new IllegalStateException("the bundled logging configuration " + bundled + " failed: "
                    + e.getMessage(), e);
        }
        if (new StatusUtil(context).getHighestLevel(0) >= Status.ERROR) {
            throw new IllegalStateException("the bundled logging configuration " + bundled + " has errors");
        }
    }

    /** Writes out the lines still queued for the console (the request log's); call last, when stopping. */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}

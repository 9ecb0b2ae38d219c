package dev.jobcache.bootstrap;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.bootstrap.config.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.event.KeyValuePair;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled logging configuration in each {@code LOG_FORMAT}: the same loggers at the same levels, request lines
 * through a queue that never makes the answering thread wait, and in JSON one object per line with the message
 * rendered, the request id and the stack trace as text. Each test configures a Logback context of its own.
 */
class LoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<LoggerContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(LoggerContext::stop);
    }

    @Test
    void setsTheSameLoggersToTheSameLevelsInJsonAsInText() {
        Map<String, Level> text = levels(configured(LogFormat.TEXT));
        Map<String, Level> json = levels(configured(LogFormat.JSON));

        assertThat(json).isEqualTo(text).containsEntry(Logger.ROOT_LOGGER_NAME, Level.INFO)
                .containsEntry("org.glassfish", Level.WARN).containsEntry("dev.jobcache.access", Level.INFO);
    }

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void writesRequestLinesThroughAQueueThatDropsALineRatherThanWait(LogFormat format) {
        LoggerContext context = configured(format);

        Logger access = context.getLogger("dev.jobcache.access");
        assertThat(access.isAdditive()).isFalse();
        assertThat(access.getAppender("REQUESTS")).isInstanceOfSatisfying(AsyncAppender.class, queue -> {
            assertThat(queue.isNeverBlock()).isTrue();
            assertThat(queue.getAppender("STDOUT")).isSameAs(context.getLogger(Logger.ROOT_LOGGER_NAME)
                    .getAppender("STDOUT"));
        });
    }

    @Test
    void writesJsonAsOneObjectPerLineWithTheMessageRenderedTheRequestIdAndTheStackTraceAsText() throws Exception {
        LoggerContext context = configured(LogFormat.JSON);
        LoggingEvent event = new LoggingEvent(LoggingTest.class.getName(), context.getLogger("dev.jobcache.example"),
                Level.WARN, "job {} failed after {} tries", new IllegalStateException("disk full",
                new java.io.IOException("no space")), new Object[] {"42", 3});
        event.setMDCPropertyMap(Map.of("request_id", "3f2c1b7e"));
        event.setKeyValuePairs(List.of(new KeyValuePair("status", 503)));

        String written = new String(stdout(context).getEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(written).endsWith("\n").doesNotContain("\n{");
        JsonNode line = JSON.readTree(written);
        assertThat(line.get("message").asText()).isEqualTo("job 42 failed after 3 tries");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("logger_name").asText()).isEqualTo("dev.jobcache.example");
        assertThat(line.get("thread_name").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(line.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(line.get("request_id").asText()).isEqualTo("3f2c1b7e");
        assertThat(line.get("status").asInt()).isEqualTo(503);
        assertThat(line.get("stack_trace").asText()).startsWith("java.lang.IllegalStateException: disk full")
                .contains("Caused by: java.io.IOException: no space");
    }

    @Test
    void endsATextLineOfARequestWithItsId() {
        LoggerContext context = configured(LogFormat.TEXT);
        LoggingEvent event = new LoggingEvent(LoggingTest.class.getName(), context.getLogger("dev.jobcache.access"),
                Level.INFO, "method={} route={}", null, new Object[] {"GET", "/jobs"});
        event.setMDCPropertyMap(Map.of("request_id", "3f2c1b7e"));

        String written = new String(stdout(context).getEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(written).endsWith(" INFO  [" + Thread.currentThread().getName()
                + "] dev.jobcache.access - method=GET route=/jobs request_id=3f2c1b7e" + System.lineSeparator());
    }

    private LoggerContext configured(LogFormat format) {
        LoggerContext context = new LoggerContext();
        contexts.add(context);
        Logging.configure(context, format);
        return context;
    }

    @SuppressWarnings("unchecked")
    private static OutputStreamAppender<ILoggingEvent> stdout(LoggerContext context) {
        return (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
    }

    private static Map<String, Level> levels(LoggerContext context) {
        Map<String, Level> levels = new TreeMap<>();
        context.getLoggerList().stream().filter(logger -> logger.getLevel() != null)
                .forEach(logger -> levels.put(logger.getName(), logger.getLevel()));
        return levels;
    }
}

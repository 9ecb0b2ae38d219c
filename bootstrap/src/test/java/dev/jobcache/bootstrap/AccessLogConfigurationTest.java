package dev.jobcache.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ACCESS_LOG}: on by default, one line per answered request on {@code dev.jobcache.access}; off, none, while
 * every answer still carries its request id.
 */
class AccessLogConfigurationTest {

    private final Logger access = (Logger) LoggerFactory.getLogger("dev.jobcache.access");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        // the bundled configuration writes it at INFO; the tests' own keeps everything but warnings quiet
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
        access.setLevel(null);
        access.setAdditive(true);
    }

    @Test
    void writesOneAccessLinePerRequestByDefault(@TempDir Path data) {
        try (RunningService service = RunningService.in(data).with("CACHE_WARM_ROUTES", "none").start()) {
            HttpResponse<String> answer = service.get("/health", null);

            assertThat(answer.headers().firstValue("X-Request-Id")).isPresent();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() == 1);
            assertThat(messages()).singleElement().satisfies(line ->
                    assertThat(line).startsWith("method=GET route=/health status=200 cache=MISS duration_us="));
        }
    }

    @Test
    void writesNoneWhenTurnedOffAndStillGivesEachAnswerItsId(@TempDir Path data) {
        try (RunningService service = RunningService.in(data).with("CACHE_WARM_ROUTES", "none")
                .with("ACCESS_LOG", "false").start()) {
            HttpResponse<String> first = service.get("/health", null);
            HttpResponse<String> second = service.get("/version", null);
            // a stop drains what is in flight: their lines would have been written by now
            service.app().close();

            assertThat(first.headers().firstValue("X-Request-Id")).isPresent();
            assertThat(second.headers().firstValue("X-Request-Id")).isPresent()
                    .isNotEqualTo(first.headers().firstValue("X-Request-Id"));
            assertThat(messages()).isEmpty();
        }
    }

    private List<String> messages() {
        synchronized (lines) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}

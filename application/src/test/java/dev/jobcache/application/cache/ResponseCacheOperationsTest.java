package dev.jobcache.application.cache;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of what {@link ResponseCache} reports about itself: operation log lines and stored byte counts. */
class ResponseCacheOperationsTest {

    private final MutableClock clock = new MutableClock();
    private final Logger operations = (Logger) LoggerFactory.getLogger("dev.jobcache.cache.operations");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        operations.addAppender(lines);
        // the test configuration logs at WARN; operation lines are INFO, as an operator turning them on wants
        operations.setLevel(Level.INFO);
        operations.setAdditive(false);
    }

    @AfterEach
    void stopListening() {
        operations.detachAppender(lines);
        operations.setLevel(null);
        operations.setAdditive(true);
    }

    @Test
    void logsOneLinePerOperationWhenAskedTo() {
        ResponseCache cache = cache(CacheSettings.defaults("memory").withLogOperations(true));

        loadAndHit(cache);

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                miss -> assertThat(miss).matches("cache op route=/health key=[0-9a-f]{32} result=MISS tier=memory latency_us=\\d+"),
                hit -> assertThat(hit).matches("cache op route=/health key=[0-9a-f]{32} result=HIT tier=memory latency_us=\\d+"));
    }

    @Test
    void answersNoLocalOnlyHitWhileLoggingOperationsSinceALogLineIsIo() {
        ResponseCache cache = cache(CacheSettings.defaults("memory").withLogOperations(true));
        complete(cache, "{\"status\":\"UP\"}");

        Optional<CacheDecision.Hit> onANonBlockingThread = cache.freshHit(Requests.get("/health").build(), true);
        Optional<CacheDecision.Hit> elsewhere = cache.freshHit(Requests.get("/health").build(), false);

        assertThat(onANonBlockingThread).isEmpty();
        assertThat(elsewhere).isPresent();
        assertThat(lines.list).hasSize(2);
    }

    @Test
    void logsNothingByDefault() {
        ResponseCache cache = cache(CacheSettings.defaults("memory"));

        loadAndHit(cache);

        assertThat(lines.list).isEmpty();
    }

    @Test
    void countsIdentityAndStoredBytesOfCompressedEntries() {
        ResponseCache cache = cache(CacheSettings.defaults("memory"));
        String body = "{\"status\":\"" + "UP".repeat(2000) + "\"}";

        complete(cache, body);

        CacheStatistics statistics = cache.statistics();
        assertThat(statistics.identityBytes()).isEqualTo(body.length());
        assertThat(statistics.storedBytes()).isLessThan(body.length() / 10);
        assertThat(statistics.compressionRatio()).isGreaterThan(10);
    }

    private ResponseCache cache(CacheSettings settings) {
        RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());
        return new ResponseCache(new InMemoryCacheStore(clock), policies, new RecordingCacheMetrics(), clock, settings);
    }

    private void loadAndHit(ResponseCache cache) {
        complete(cache, "{\"status\":\"UP\"}");
        cache.lookup(Requests.get("/health").build());
    }

    private static void complete(ResponseCache cache, String body) {
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(Requests.get("/health").build());
        cache.complete(miss.load(), new OriginResponse(200, Map.of("Content-Type", List.of("application/json")),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

package dev.jobcache.application.warming;

import dev.jobcache.application.cache.Demand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specification of {@link ScheduledWarming}: each group of public routes is reloaded once per its period, the first
 * time one period after start, whether or not the cache still holds it.
 */
class ScheduledWarmingTest {

    private final CachedService service = new CachedService();
    private final CacheWarmer warmer = new CacheWarmer(service.loader(), service.policies, service.tokens,
            service.activity, service.clock);
    private final WarmingLog log = new WarmingLog();

    ScheduledWarmingTest() {
        service.cache(Demand.NONE);
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void reloadsEachGroupOncePerItsPeriodTheFirstTimeOnePeriodAfterStart() {
        ScheduledWarming scheduled = new ScheduledWarming(warmer,
                WarmSchedule.parse("1m:/health,/version;5m:/openapi.json", service.policies), service.clock);

        scheduled.tick();
        service.clock.advance(Duration.ofSeconds(59));
        scheduled.tick();
        assertThat(service.loads).isEmpty();

        service.clock.advance(Duration.ofSeconds(1));
        scheduled.tick();
        scheduled.tick();
        assertThat(service.loads).containsExactly("/health as no one accepting null", "/version as no one accepting null");

        service.clock.advance(Duration.ofMinutes(4));
        scheduled.tick();

        assertThat(service.loads).hasSize(5).endsWith("/openapi.json as no one accepting null");
    }

    @Test
    void reloadsAnEntryTheCacheStillHoldsSoThatItStartsANewLife() {
        ScheduledWarming scheduled = new ScheduledWarming(warmer, WarmSchedule.parse("2m:/version", service.policies),
                service.clock);
        service.loader().load("/version", java.util.Optional.empty());
        service.loads.clear();

        service.clock.advance(Duration.ofMinutes(2));
        scheduled.tick();

        assertThat(service.loads).hasSize(1);
        assertThat(service.held("/version", null, null)).hasValueSatisfying(entry ->
                assertThat(entry.ageSecondsAt(service.clock.now())).isZero());
        assertThat(log.lines()).containsExactly(
                "INFO cache warm mode=scheduled loaded=1 skipped=0 failed=0 took_ms=0");
    }

    @Test
    void saysWhatItIsSetToInTheStatus() {
        new ScheduledWarming(warmer, WarmSchedule.parse("5m:/health,/version", service.policies), service.clock);

        WarmingActivity.ModeStatus status = service.activity.status().get(WarmMode.SCHEDULED.ordinal());

        assertThat(status.enabled()).isTrue();
        assertThat(status.settings()).isEqualTo("every 5m: /health, /version");
        assertThat(status.lastRun()).isEmpty();
    }
}

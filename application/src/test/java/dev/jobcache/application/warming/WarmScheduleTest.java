package dev.jobcache.application.warming;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.RoutePolicies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Specification of {@link WarmSchedule}: {@code CACHE_WARM_SCHEDULE} as an operator writes it. */
class WarmScheduleTest {

    private static final RoutePolicies POLICIES = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ZERO,
            Map.of("/version", Duration.ZERO));

    @Test
    void readsGroupsOfRoutesEachWithItsPeriodInMinutes() {
        WarmSchedule schedule = WarmSchedule.parse(" 5m:/health, /openapi.json ; 60m:/health?verbose=1", POLICIES);

        assertThat(schedule.entries()).containsExactly(
                new WarmSchedule.Every(Duration.ofMinutes(5), List.of("/health", "/openapi.json")),
                new WarmSchedule.Every(Duration.ofMinutes(60), List.of("/health?verbose=1")));
        assertThat(schedule.describe()).isEqualTo("every 5m: /health, /openapi.json; every 60m: /health?verbose=1");
    }

    @Test
    void readsNoneAndNothingAsNoSchedule() {
        assertThat(WarmSchedule.parse("none", POLICIES).isEmpty()).isTrue();
        assertThat(WarmSchedule.parse(" ", POLICIES).isEmpty()).isTrue();
    }

    @Test
    void refusesWhatItCannotReadSayingWhy() {
        assertThat(refusal("5:/health")).isEqualTo("'5:/health' is not <minutes>m:<routes>");
        assertThat(refusal("5s:/health")).isEqualTo("'5s:/health' is not <minutes>m:<routes>");
        assertThat(refusal("0m:/health")).isEqualTo("0m is not between 1m and 1440m");
        assertThat(refusal("1441m:/health")).isEqualTo("1441m is not between 1m and 1440m");
        assertThat(refusal("5m:/health;")).isEqualTo("'' is not <minutes>m:<routes>");
        assertThat(refusal("5m:/health,")).startsWith("'': a path of");
        assertThat(refusal("5m:/jobs/")).startsWith("'/jobs/': a path of");
        assertThat(refusal("5m:/admin/cache/stats")).isEqualTo("'/admin/cache/stats': admin routes cannot be warmed");
    }

    @Test
    void refusesPerUserRoutesAndRoutesNothingCaches() {
        assertThat(refusal("5m:/jobs")).isEqualTo("/jobs is per user; only public routes are scheduled");
        assertThat(refusal("5m:/metrics")).isEqualTo("/metrics is not cached (its policy /metrics caches nothing)");
        assertThat(refusal("5m:/version")).as("configured to 0").startsWith("/version is not cached");
    }

    private static String refusal(String text) {
        Throwable thrown = catchThrowable(() -> WarmSchedule.parse(text, POLICIES));
        assertThat(thrown).as(text).isInstanceOf(InvalidInput.class);
        return ((InvalidInput) thrown).reason();
    }
}

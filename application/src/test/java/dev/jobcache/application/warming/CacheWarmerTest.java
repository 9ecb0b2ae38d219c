package dev.jobcache.application.warming;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.Demand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jobcache.application.warming.CachedService.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Specification of {@link CacheWarmer}: routes loaded as the right principal, each call one run of its mode, logged
 * in one line and counted in the mode's status.
 */
class CacheWarmerTest {

    private final CachedService service = new CachedService();
    private final CacheWarmer warmer = new CacheWarmer(service.loader(), service.policies, service.tokens,
            service.activity, service.clock);
    private final WarmingLog log = new WarmingLog();

    CacheWarmerTest() {
        service.cache(Demand.NONE);
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void warmsUserMeForAnAdminAsTheAdminWithTheRolesTheirTokensCarry() {
        warmer.warm(List.of("/user/me"), List.of("root"));

        assertThat(service.loads).containsExactly("/user/me as root [ADMIN, USER] accepting null");
        assertThat(service.held("/user/me", ROOT, null)).map(CachedService::body)
                .hasValueSatisfying(body -> assertThat(body).contains("root [ADMIN, USER]"));
    }

    @Test
    void logsEachRunInOneLineByItsModeCountingWhatWasLoadedSkippedAndFailed() {
        warmer.warm(WarmMode.STARTUP, List.of("/health", "/version"), List.of());
        warmer.warm(List.of("/health", "/jobs", "/user/me"), List.of("alice", "nobody"));

        assertThat(log.lines()).containsExactly(
                "INFO cache warm mode=startup loaded=2 skipped=0 failed=0 took_ms=0",
                "INFO cache warm mode=admin loaded=2 skipped=3 failed=0 took_ms=0");
    }

    @Test
    void countsEveryModesRunsLoadsAndFailuresForTheStatus() {
        warmer.warm(WarmMode.STARTUP, List.of("/health"), List.of());
        service.originFails();
        warmer.warm(WarmMode.STARTUP, List.of("/version"), List.of());

        WarmingActivity.ModeStatus startup = service.activity.status().get(WarmMode.STARTUP.ordinal());

        assertThat(startup.runs()).isEqualTo(2);
        assertThat(startup.loads()).isEqualTo(1);
        assertThat(startup.failures()).isEqualTo(1);
        assertThat(startup.lastRun()).hasValueSatisfying(run -> {
            assertThat(run.failed()).isEqualTo(1);
            assertThat(run.at()).isEqualTo(service.clock.now());
        });
    }

    @Test
    void reloadsPublicRoutesOnlyAndLogsNothingForARequestItRefuses() {
        assertThatThrownBy(() -> warmer.reload(WarmMode.SCHEDULED, List.of("/health", "/jobs")))
                .isInstanceOf(InvalidInput.class).hasMessage("routes[1]: only public routes are reloaded");

        assertThat(service.loads).isEmpty();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void listsEveryModeInTheStatusWithTheAdminsAlwaysOn() {
        assertThat(service.activity.status()).extracting(s -> s.mode().label() + " " + s.enabled())
                .containsExactly("startup false", "scheduled false", "idle false", "users false", "admin true");
    }
}

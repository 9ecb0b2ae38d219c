package dev.jobcache.application.warming;

import dev.jobcache.domain.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.jobcache.application.warming.CachedService.ALICE;
import static dev.jobcache.application.warming.CachedService.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specification of {@link IdleWarming}: once clients have been quiet for a while, the entries they read most lately
 * are reloaded, hottest first, one at a time at the pace allowed, and not one more once traffic returns.
 */
class IdleWarmingTest {

    /** Busy at 3 requests in a second; idle after 30 s without; 2 loads per second; 10 entries; a 30 min window. */
    private static final IdleWarming.Settings SETTINGS =
            new IdleWarming.Settings(3, Duration.ofSeconds(30), 2, 10, Duration.ofMinutes(30));

    private final CachedService service = new CachedService();
    private final RecentTraffic traffic = new RecentTraffic(SETTINGS, service.clock);
    private final IdleWarming idle = new IdleWarming(service.loader(), service.tokens, service.cache(traffic), traffic,
            SETTINGS, service.clock, service.activity);
    private final WarmingLog log = new WarmingLog();

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void reloadsTheEntriesReadMostLatelyOnceClientsHaveBeenQuietForAWhileHottestFirst() {
        readTimes("/health", null, 2);
        readTimes("/user/me", ROOT, 3);
        service.clock.advance(Duration.ofSeconds(700));

        tickUntilTheBatchEnds();

        assertThat(service.loads).containsExactly(
                "/user/me as root [ADMIN, USER] accepting application/json",
                "/health as no one accepting application/json");
        assertThat(service.held("/user/me", ROOT, "application/json")).map(CachedService::body)
                .hasValueSatisfying(body -> assertThat(body).contains("root [ADMIN, USER]"));
        assertThat(log.lines()).containsExactly(
                "INFO cache warm mode=idle loaded=2 skipped=0 failed=0 took_ms=500 ended=done");
    }

    @Test
    void waitsWhileClientsKeepItBusyAndUntilTheyHaveBeenQuietForTheWholePeriod() {
        readTimes("/jobs", ALICE, 2);
        service.clock.advance(Duration.ofSeconds(61));
        readTimes("/version", null, 3);
        service.clock.advance(Duration.ofSeconds(29));
        idle.tick();

        assertThat(service.loads).isEmpty();

        service.clock.advance(Duration.ofSeconds(1));
        idle.tick();

        assertThat(service.loads).as("/version, still fresh for most of its hour, is passed over")
                .containsExactly("/jobs as alice [USER] accepting application/json");
    }

    @Test
    void startsAtMostTheAllowedLoadsPerSecond() {
        for (int i = 0; i < 4; i++) {
            readTimes("/jobs?limit=" + (i + 1), ALICE, 2);
        }
        service.clock.advance(Duration.ofSeconds(70));

        idle.tick();
        idle.tick();
        idle.tick();
        int atOnce = service.loads.size();
        service.clock.advance(Duration.ofMillis(499));
        idle.tick();
        int beforeHalfASecond = service.loads.size();
        service.clock.advance(Duration.ofMillis(1));
        idle.tick();

        assertThat(atOnce).isEqualTo(1);
        assertThat(beforeHalfASecond).isEqualTo(1);
        assertThat(service.loads).hasSize(2);
    }

    @Test
    void stopsTheMomentClientsAreBusyAgainAndSaysSo() {
        for (int i = 0; i < 4; i++) {
            readTimes("/jobs?limit=" + (i + 1), ALICE, 2);
        }
        service.clock.advance(Duration.ofSeconds(70));
        idle.tick();
        service.clock.advance(Duration.ofSeconds(1));

        readTimes("/version", null, 3);
        idle.tick();

        assertThat(service.loads).as("one of four").hasSize(1);
        assertThat(log.lines()).containsExactly(
                "INFO cache warm mode=idle loaded=1 skipped=0 failed=0 took_ms=1000 ended=traffic");
    }

    @Test
    void passesOverAnEntryStillFreshForMoreThanHalfItsLife() {
        readTimes("/version", null, 2);
        service.clock.advance(Duration.ofSeconds(31));

        tickUntilTheBatchEnds();

        assertThat(service.loads).as("/version lives an hour").isEmpty();
        assertThat(log.lines()).as("a batch that did nothing is no news")
                .containsExactly("DEBUG cache warm mode=idle loaded=0 skipped=1 failed=0 took_ms=0 ended=done");
    }

    @Test
    void takesAnEntryReadOnlyOnceForNotHot() {
        readTimes("/health", null, 1);
        readTimes("/jobs", ALICE, 2);
        service.clock.advance(Duration.ofSeconds(200));

        tickUntilTheBatchEnds();

        assertThat(service.loads).containsExactly("/jobs as alice [USER] accepting application/json");
    }

    @Test
    void takesThisServicesOwnRequestsForNoTraffic() {
        service.clock.advance(Duration.ofSeconds(30));

        for (int i = 0; i < 5; i++) {
            service.loader().load("/health", Optional.empty());
        }

        assertThat(traffic.quietFor(Duration.ofSeconds(30))).as("not busy").isTrue();
        assertThat(traffic.hottest(10)).as("not hot").isEmpty();
    }

    @Test
    void loadsAUsersEntryOnlyAsThePrincipalTheirTokensResolveTo() {
        readTimes("/user/me", Principal.user("mallory"), 2);
        service.clock.advance(Duration.ofSeconds(700));

        tickUntilTheBatchEnds();

        assertThat(service.loads).as("no token is mallory's").isEmpty();
        assertThat(log.lines()).containsExactly(
                "DEBUG cache warm mode=idle loaded=0 skipped=1 failed=0 took_ms=0 ended=done");
    }

    @Test
    void runsAgainAfterAQuietPeriodWhileStillIdleAndReloadsWhatIsDueByThen() {
        readTimes("/health", null, 2);
        service.clock.advance(Duration.ofSeconds(31));
        tickUntilTheBatchEnds();
        service.clock.advance(Duration.ofSeconds(29));
        idle.tick();
        int beforeTheNextPeriod = service.loads.size();

        service.clock.advance(Duration.ofSeconds(1));
        idle.tick();

        assertThat(beforeTheNextPeriod).isEqualTo(1);
        assertThat(service.loads).as("/health lives 60 s: in the second half of its life again").hasSize(2);
        assertThat(idleStatus().runs()).isEqualTo(2);
        assertThat(idleStatus().loads()).isEqualTo(2);
    }

    @Test
    void countsALoadTheOriginFailedAsAFailure() {
        readTimes("/health", null, 2);
        service.clock.advance(Duration.ofSeconds(31));
        service.originFails();

        tickUntilTheBatchEnds();

        assertThat(idleStatus().failures()).isEqualTo(1);
        assertThat(log.lines()).containsExactly(
                "INFO cache warm mode=idle loaded=0 skipped=0 failed=1 took_ms=0 ended=done");
    }

    private WarmingActivity.ModeStatus idleStatus() {
        return service.activity.status().get(WarmMode.IDLE.ordinal());
    }

    private void readTimes(String path, Principal as, int times) {
        for (int i = 0; i < times; i++) {
            service.read(path, as);
        }
    }

    /** Ticks as the thread would, half a second apart, until a batch has been logged. */
    private void tickUntilTheBatchEnds() {
        long runs = idleStatus().runs();
        for (int i = 0; i < 100 && idleStatus().runs() == runs; i++) {
            idle.tick();
            if (idleStatus().runs() == runs) {
                service.clock.advance(Duration.ofMillis(500));
            }
        }
    }
}

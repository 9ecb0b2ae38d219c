package dev.jobcache.application.warming;

import dev.jobcache.domain.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.jobcache.application.warming.CachedService.ALICE;
import static dev.jobcache.application.warming.CachedService.BOB;
import static dev.jobcache.application.warming.CachedService.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Specification of {@link UserWarming}: the first page of jobs and the profile of each recently active user stay in
 * the cache, loaded as that user with their real roles, again after a write drops them or shortly before they expire.
 */
class UserWarmingTest {

    /** The 2 most recent users, each kept warm for 10 minutes after their last call; 2 loads per second. */
    private static final UserWarming.Settings SETTINGS = new UserWarming.Settings(2, Duration.ofMinutes(10), 2);

    private final CachedService service = new CachedService();
    private final ActiveUsers users = new ActiveUsers(SETTINGS, service.clock);
    private final UserWarming warming = new UserWarming(service.loader(), service.tokens, service.cache(users), users,
            SETTINGS, service.clock, service.activity);
    private final WarmingLog log = new WarmingLog();

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void loadsAnActiveUsersFirstPageAndProfileAsThemWithTheirRealRolesInTheRepresentationTheyRead() {
        service.read("/jobs/4bd2b1d8-0f4c-4b54-8f3a-53ad1d8d1a0e", ROOT);

        tickForSeconds(2);

        assertThat(service.loads).containsExactlyInAnyOrder(
                "/jobs as root [ADMIN, USER] accepting application/json",
                "/user/me as root [ADMIN, USER] accepting application/json");
        assertThat(service.held("/user/me", ROOT, "application/json")).map(CachedService::body)
                .hasValueSatisfying(body -> assertThat(body).contains("root [ADMIN, USER]"));
        assertThat(log.lines()).containsExactly("INFO cache warm mode=users loaded=2 skipped=0 failed=0 took_ms=500");
    }

    @Test
    void leavesAFreshEntryAloneAndReloadsItOnceAWriteHasDroppedIt() {
        service.read("/jobs", ALICE);
        service.read("/user/me", ALICE);
        tickForSeconds(5);
        assertThat(service.loads).isEmpty();

        service.invalidate("profile:alice");
        tickForSeconds(5);

        assertThat(service.loads).containsExactly("/user/me as alice [USER] accepting application/json");
    }

    @Test
    void reloadsAnEntryShortlyBeforeItExpiresAndNotEarlier() {
        service.read("/jobs", ALICE);
        service.read("/user/me", ALICE);
        service.clock.advance(Duration.ofSeconds(100));
        service.read("/health", ALICE);
        tickForSeconds(6);
        assertThat(service.loads).as("/jobs lives 120 s: passes at 20 s and 15 s left leave it").isEmpty();

        tickForSeconds(5);

        assertThat(service.loads).as("at 10 s left, within its last tenth")
                .containsExactly("/jobs as alice [USER] accepting application/json");
    }

    @Test
    void forgetsAUserInactiveForThePeriod() {
        service.read("/jobs", ALICE);
        service.clock.advance(Duration.ofMinutes(10));
        service.invalidate("user:alice");

        tickForSeconds(10);

        assertThat(service.loads).isEmpty();
    }

    @Test
    void keepsOnlyTheMostRecentUsersWarm() {
        service.read("/health", ALICE);
        service.read("/health", BOB);
        service.read("/health", ROOT);

        tickForSeconds(5);

        assertThat(service.loads).extracting(load -> load.split(" ")[2])
                .as("alice was seen least recently").containsOnly("bob", "root").hasSize(4);
    }

    @Test
    void startsAtMostTheAllowedLoadsPerSecond() {
        service.read("/health", ALICE);
        service.read("/health", BOB);

        warming.tick();
        warming.tick();
        int atOnce = service.loads.size();
        service.clock.advance(Duration.ofMillis(500));
        warming.tick();

        assertThat(atOnce).isEqualTo(1);
        assertThat(service.loads).hasSize(2);
    }

    @Test
    void skipsAUserNoTokenResolvesToOnePrincipal() {
        service.read("/jobs", Principal.user("mallory"));

        tickForSeconds(2);

        assertThat(service.loads).isEmpty();
        assertThat(log.lines()).containsExactly("DEBUG cache warm mode=users loaded=0 skipped=2 failed=0 took_ms=0");
    }

    @Test
    void leavesAnEntryTheCacheDidNotKeepAloneForAMinuteRatherThanLoadingItEveryPass() {
        service.originSaysNoStore();
        service.read("/health", ALICE);
        tickForSeconds(2);
        int firstPass = service.loads.size();

        tickForSeconds(55);
        int withinTheMinute = service.loads.size();
        tickForSeconds(10);

        assertThat(firstPass).isEqualTo(2);
        assertThat(withinTheMinute).isEqualTo(2);
        assertThat(service.loads).hasSize(4);
    }

    /** Ticks as the thread would, every quarter of a second. */
    private void tickForSeconds(int seconds) {
        for (int i = 0; i < seconds * 4; i++) {
            warming.tick();
            service.clock.advance(Duration.ofMillis(250));
        }
    }
}

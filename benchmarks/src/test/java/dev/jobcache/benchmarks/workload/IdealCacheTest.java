package dev.jobcache.benchmarks.workload;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of the oracle: it invalidates when, and only when, a body changed or its TTL ended. */
class IdealCacheTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final IdealCache ideal = new IdealCache(nanos::get);

    @Test
    void theFirstReadOfAKeyIsAMiss() {
        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v1"))).isFalse();
    }

    @Test
    void anUnchangedBodyWithinItsTtlIsAHit() {
        ideal.wouldHit("alice /jobs/1", TTL, body("v1"));
        nanos.addAndGet(TTL.toNanos() - 1);

        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v1"))).isTrue();
    }

    @Test
    void aChangedBodyIsAMissAndIsStoredInPlaceOfTheOldOne() {
        ideal.wouldHit("alice /jobs/1", TTL, body("v1"));

        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v2"))).isFalse();
        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v2"))).isTrue();
        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v1"))).isFalse();
    }

    @Test
    void anUnchangedBodyPastItsTtlIsAMissAndStartsANewTtl() {
        ideal.wouldHit("alice /jobs/1", TTL, body("v1"));
        nanos.addAndGet(TTL.toNanos());

        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v1"))).isFalse();
        nanos.addAndGet(TTL.toNanos() - 1);
        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v1"))).isTrue();
    }

    @Test
    void aHitDoesNotExtendTheTtl() {
        ideal.wouldHit("alice /jobs/1", TTL, body("v1"));
        nanos.addAndGet(TTL.toNanos() / 2);
        ideal.wouldHit("alice /jobs/1", TTL, body("v1"));
        nanos.addAndGet(TTL.toNanos() / 2);

        assertThat(ideal.wouldHit("alice /jobs/1", TTL, body("v1"))).isFalse();
    }

    @Test
    void keysAreIndependent() {
        ideal.wouldHit("alice /user/me", TTL, body("same"));

        assertThat(ideal.wouldHit("bob /user/me", TTL, body("same"))).isFalse();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

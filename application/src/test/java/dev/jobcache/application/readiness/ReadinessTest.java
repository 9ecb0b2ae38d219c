package dev.jobcache.application.readiness;

import dev.jobcache.domain.cache.StoreHealth;
import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.testkit.fake.ForwardingCacheStore;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryJobRepository;
import dev.jobcache.testkit.fake.MutableClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link Readiness}: the database decides, the cache backend only degrades. */
class ReadinessTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void isReadyWhenTheDatabaseAndTheCacheBackendAnswer() {
        Readiness.Report report = new Readiness(new InMemoryCacheStore(clock), new InMemoryJobRepository()).check();

        assertThat(report.status()).isEqualTo(Readiness.Status.READY);
        assertThat(report.ready()).isTrue();
    }

    @Test
    void isDegradedButStillReadyWhenOnlyTheCacheBackendIsDown() {
        Readiness.Report report = new Readiness(new DownStore(new InMemoryCacheStore(clock)),
                new InMemoryJobRepository()).check();

        assertThat(report.status()).isEqualTo(Readiness.Status.DEGRADED);
        assertThat(report.ready()).isTrue();
        assertThat(report.cache().up()).isFalse();
    }

    @Test
    void isNotReadyWhenTheDatabaseDoesNotAnswer() {
        Readiness.Report report = new Readiness(new InMemoryCacheStore(clock),
                unreachable(new InMemoryJobRepository())).check();

        assertThat(report.status()).isEqualTo(Readiness.Status.NOT_READY);
        assertThat(report.ready()).isFalse();
        assertThat(report.databaseUp()).isFalse();
    }

    /** A repository whose database does not answer a readiness check; the rest is the fake's. */
    private static JobRepository unreachable(JobRepository repository) {
        return (JobRepository) Proxy.newProxyInstance(JobRepository.class.getClassLoader(),
                new Class<?>[] {JobRepository.class}, (proxy, method, args) ->
                        method.getName().equals("answers") ? false : method.invoke(repository, args));
    }

    /** A store whose backend reports itself down, as a Redis that cannot be reached does. */
    private static final class DownStore extends ForwardingCacheStore {
        DownStore(InMemoryCacheStore delegate) {
            super(delegate);
        }

        @Override
        public StoreHealth health() {
            return StoreHealth.down("redis", "connection refused");
        }
    }
}

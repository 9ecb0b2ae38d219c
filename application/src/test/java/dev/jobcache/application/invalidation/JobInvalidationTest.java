package dev.jobcache.application.invalidation;

import dev.jobcache.application.cache.CacheInvalidator;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link JobInvalidation}: which entries a job change removes, and that other instances hear of it. */
class JobInvalidationTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    private final InMemoryInvalidationBus bus = new InMemoryInvalidationBus();
    private final JobInvalidation invalidation = new JobInvalidation(
            new CacheInvalidator(store, bus, new RecordingCacheMetrics(), "memory"));

    @Test
    void removesTheJobItsOwnersListsAndProfileButNotOtherUsersEntries() {
        put("GET:/jobs/{id}:user=alice:1", "job:j1", "user:alice");
        put("GET:/jobs:user=alice:2", "jobs", "jobs:user:alice");
        put("GET:/user/me:user=alice:3", "user:alice");
        put("GET:/jobs:user=bob:4", "jobs", "jobs:user:bob");

        invalidation.raised(new JobEvent.StatusChanged(new JobId("j1"), new OwnerId("alice"),
                dev.jobcache.domain.job.JobStatus.QUEUED, dev.jobcache.domain.job.JobStatus.RUNNING));

        assertThat(store.usage().entries()).isEqualTo(1);
        assertThat(store.get(new CacheKey("GET:/jobs:user=bob:4"))).isPresent();
    }

    @Test
    void publishesTheInvalidationForOtherInstances() {
        invalidation.raised(new JobEvent.Created(new JobId("j2"), new OwnerId("alice")));

        assertThat(bus.published()).containsExactly(Invalidation.ofTags(
                Set.of(Tag.of("job:j2"), Tag.of("jobs:user:alice"), Tag.of("user:alice")), "job-created"));
    }

    private void put(String key, String... tags) {
        store.put(new CacheKey(key), aCachedResponse().build(), Set.of(tags).stream().map(Tag::of)
                .collect(java.util.stream.Collectors.toSet()));
    }
}

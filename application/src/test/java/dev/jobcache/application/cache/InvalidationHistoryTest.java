package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link InvalidationHistory} and of how {@link CacheInvalidator} records into it. */
class InvalidationHistoryTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void keepsOnlyTheNewestEventsNewestFirst() {
        InvalidationHistory history = new InvalidationHistory(3, clock);

        for (int i = 1; i <= 5; i++) {
            history.record(Invalidation.ofTags(Set.of(Tag.of("job:" + i)), "test"), i);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(history.recent()).extracting(InvalidationHistory.Event::removed).containsExactly(5L, 4L, 3L);
        assertThat(history.recent().get(0).at()).isAfter(history.recent().get(2).at());
    }

    @Test
    void theInvalidatorRecordsWhatItRemovedAndWhy() {
        InvalidationHistory history = new InvalidationHistory(10, clock);
        CacheInvalidator invalidator = new CacheInvalidator(new InMemoryCacheStore(clock),
                new InMemoryInvalidationBus(), new RecordingCacheMetrics(), "memory", Optional.of(history));

        invalidator.invalidate(Invalidation.all("admin"));

        assertThat(history.recent()).singleElement().satisfies(event -> {
            assertThat(event.invalidation().everything()).isTrue();
            assertThat(event.invalidation().reason()).isEqualTo("admin");
            assertThat(event.at()).isEqualTo(clock.now());
        });
    }
}

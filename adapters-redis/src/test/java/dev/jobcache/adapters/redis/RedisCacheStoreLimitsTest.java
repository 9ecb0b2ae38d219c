package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.KeyPage;
import dev.jobcache.domain.cache.KeyPattern;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.jobcache.testkit.fixture.Keys.key;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key names at the edges of what {@link CacheKey} and {@link Tag} allow, stored in {@link RedisCacheStore} as they are. */
class RedisCacheStoreLimitsTest {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedisConnections connections;

    private RedisCacheStore store;

    @BeforeAll
    static void startRedis() {
        connections = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopRedis() {
        connections.close();
    }

    @BeforeEach
    void freshStore() {
        store = new RedisCacheStore(connections, new MutableClock());
    }

    @Test
    void aKeyAndTagOfMaximumLengthAreStoredListedAndInvalidated() {
        String route = "GET:/jobs:user=alice:";
        CacheKey longest = key(route + "k".repeat(CacheKey.MAX_LENGTH - route.length()));
        Tag longestTag = Tag.of("job:" + "9".repeat(Tag.MAX_LENGTH - 4));

        store.put(longest, aCachedResponse().build(), Set.of(longestTag));

        assertThat(store.get(longest)).isPresent();
        assertThat(listAll(new KeyPattern("GET:/jobs:user=alice:*"))).containsExactly(longest);
        assertThat(store.invalidateTags(Set.of(longestTag))).isEqualTo(1);
        assertThat(store.get(longest)).isEmpty();
    }

    @Test
    void keysHoldingRedisGlobCharactersAreStoredAsTheyAreAndListedByPattern() {
        CacheKey globby = key("GET:/jobs:q=[a-z]*?\\x:user=alice");
        CacheKey plain = key("GET:/jobs:q=a:user=alice");
        store.put(globby, aCachedResponse().build(), Set.of());
        store.put(plain, aCachedResponse().build(), Set.of());

        List<CacheKey> listed = listAll(new KeyPattern("GET:/jobs:q=*:user=alice"));

        assertThat(store.get(globby)).isPresent();
        assertThat(listed).containsExactlyInAnyOrder(globby, plain);
    }

    @Test
    void aPatternListsOnlyItsKeysAcrossPages() {
        for (int i = 0; i < 40; i++) {
            store.put(key("GET:/jobs/{id}:user=alice:" + i), aCachedResponse().build(), Set.of());
            store.put(key("GET:/jobs/{id}:user=bob:" + i), aCachedResponse().build(), Set.of());
        }

        List<CacheKey> listed = listAll(new KeyPattern("GET:/jobs/{id}:user=bob:*"));

        assertThat(listed).hasSize(40).allSatisfy(k -> assertThat(k.value()).contains("user=bob"));
    }

    @Test
    void aListingIgnoresOtherDataInTheSameDatabase() {
        REDIS.server().command("SET", "someone-else:GET:/jobs", "x");
        REDIS.server().command("SET", "{jobcache:v1:b0}e:", "not a cache key: empty");
        store.put(key("GET:/jobs:user=alice:1"), aCachedResponse().build(), Set.of());

        List<CacheKey> listed = listAll(KeyPattern.ALL);
        long cleared = store.clear();

        assertThat(listed).containsExactly(key("GET:/jobs:user=alice:1"));
        assertThat(cleared).isEqualTo(2);
        assertThat(REDIS.server().command("GET", "someone-else:GET:/jobs")).isEqualTo("x");
    }

    @Test
    void aCursorItDidNotHandOutIsRefused() {
        assertThatThrownBy(() -> store.scanKeys(KeyPattern.ALL, Optional.of("12; FLUSHALL"), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPrefixWithGlobCharactersIsRefused() {
        assertThatThrownBy(() -> new RedisCacheStore(connections, "jobs*", new MutableClock()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }

    @Test
    void aSubMillisecondRetentionStillStoresForAMillisecondRatherThanFailing() {
        CacheKey key = key("GET:/jobs:user=alice:brief");

        store.put(key, aCachedResponse().withTtl(Duration.ofNanos(1)).build(), Set.of());

        assertThat(REDIS.server().command("PTTL", new String(new RedisKeyNames("jobcache:v1:").entry(key), java.nio.charset.StandardCharsets.US_ASCII))).isIn("-2", "0", "1");
    }

    private List<CacheKey> listAll(KeyPattern pattern) {
        List<CacheKey> keys = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            KeyPage page = store.scanKeys(pattern, cursor, 7);
            keys.addAll(page.keys());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return keys;
    }
}

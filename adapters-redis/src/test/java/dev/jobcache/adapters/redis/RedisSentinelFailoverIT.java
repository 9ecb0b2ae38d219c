package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.Clock;
import dev.jobcache.domain.port.InvalidationBus;
import dev.jobcache.testkit.redis.RedisSentinel;
import dev.jobcache.testkit.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.jobcache.testkit.fixture.Keys.anyCacheKey;
import static dev.jobcache.testkit.fixture.Keys.userKey;
import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the Redis adapter rides through a Sentinel failover: what an invalidation acknowledged before a crash
 * guarantees after it, how soon the same connections write to the new primary, and whether the bus hears again.
 * The tests share one Sentinel group (a primary, one replica, three sentinels); each starts by bringing back a node
 * an earlier test killed and waiting until the group could fail over again. Durations are printed, not asserted:
 * they depend on the machine, while every wait is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisSentinelFailoverIT {

    private static final String PREFIX = "failover:v1:";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);
    /**
     * The default settings with a breaker that does not open within a test (it would need 10 000 calls, all failed):
     * an open breaker would add its own seconds of failing fast to every figure here, which are about how soon Redis
     * and Lettuce are usable again.
     */
    private static final RedisSettings SETTINGS = RedisSettings.defaults().withCommandTimeout(COMMAND_TIMEOUT)
            .withBreaker(100f, 10_000, 10_000, Duration.ofSeconds(1), 1);
    /** The sentinels promote a replica about 2 s after the primary dies; the rest is slack for a loaded machine. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    /** A primary demoted by SENTINEL FAILOVER becomes a replica only about 11 s after the request. */
    private static final Duration HEALTHY = Duration.ofSeconds(45);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int ENTRIES = 200;
    private static final int GROUPS = 20;
    private static final CachedResponse RESPONSE = aCachedResponse().build();
    private static final RedisKeyNames NAMES = new RedisKeyNames(PREFIX, 1);

    private static RedisSentinel sentinel;
    // whatever a test opens, closed after it (and, should that fail, with the group)
    private static final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startSentinelGroup() {
        sentinel = RedisSentinel.start(1, 3);
    }

    @AfterAll
    static void closeEverything() throws Exception {
        try {
            closeOpened();
        } finally {
            if (sentinel != null) {
                sentinel.close();
            }
        }
    }

    @BeforeEach
    void healthyAndEmpty() {
        // a node killed by an earlier test comes back as a replica of the current primary
        for (RedisServer node : sentinel.dataNodes()) {
            if (!node.isRunning()) {
                sentinel.restart(node);
            }
        }
        sentinel.awaitHealthy(HEALTHY);
        sentinel.flushAll();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        closeOpened();
    }

    @Test
    void acknowledgedInvalidationsSurviveAKilledPrimary() {
        RedisConnections oldConnections = open();
        RedisCacheStore oldStore = storeOn(oldConnections);
        List<CacheKey> keys = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            CacheKey key = userKey("/jobs/{id}", "user" + (i % 7), "entry-" + i);
            keys.add(key);
            oldStore.put(key, RESPONSE, Set.of(group(i % GROUPS), job(i)));
        }

        // every key is covered by exactly one invalidation, of one of three kinds; groups 17 to 19 are left alone.
        // An invalidation that throws is owed, not acknowledged, so its keys prove nothing either way
        Set<CacheKey> acknowledged = new LinkedHashSet<>();
        int calls = 0;
        int owed = 0;
        RedisServer primary = sentinel.primary();
        for (int g = 0; g < 8; g++) {
            Tag tag = group(g);
            if (invalidated(() -> oldStore.invalidateTags(Set.of(tag)))) {
                calls++;
                acknowledged.addAll(inGroup(keys, g));
            } else {
                owed++;
            }
        }
        for (int i = 0; i < ENTRIES; i++) {
            int g = i % GROUPS;
            CacheKey key = keys.get(i);
            if (g < 8 || g >= 17) {
                continue;
            }
            int entry = i;
            boolean done = g < 14
                    ? invalidated(() -> oldStore.invalidate(key))
                    : invalidated(() -> oldStore.invalidateTags(Set.of(job(entry))));
            if (done) {
                calls++;
                acknowledged.add(key);
            } else {
                owed++;
            }
        }
        // the primary captured before the burst, so that nothing (not even asking a sentinel) comes between the last
        // acknowledgement and the crash
        primary.kill();
        long killedAt = System.nanoTime();

        CacheKey probe = anyCacheKey();
        await().atMost(RECOVERY).pollInterval(POLL)
                .until(() -> writesAndReads(oldStore, probe));
        long resumedMillis = millisSince(killedAt);
        RedisServer promoted = sentinel.awaitPrimaryOtherThan(primary, RECOVERY);
        System.out.printf("sentinel kill: writes resumed after %d ms (primary %d killed, %d promoted)%n",
                resumedMillis, primary.port(), promoted.port());
        assertThat(promoted.command("EXISTS", entryName(probe)))
                .as("the write that resumed landed on the new primary").isEqualTo("1");

        RedisConnections freshConnections = open();
        RedisCacheStore freshStore = storeOn(freshConnections);
        List<CacheKey> untouched = keys.stream().filter(key -> inGroupAtLeast(keys, key, 17)).toList();
        long staleFresh = acknowledged.stream().filter(key -> freshStore.get(key).isPresent()).count();
        long staleOld = acknowledged.stream().filter(key -> oldStore.get(key).isPresent()).count();
        long survivors = untouched.stream().filter(key -> freshStore.get(key).isPresent()).count();
        System.out.printf("sentinel kill: %d acknowledged invalidations, %d stale after failover"
                        + " (%d keys checked through fresh and old connections: %d and %d stale; %d owed;"
                        + " %d of %d untouched entries survived)%n",
                calls, staleFresh + staleOld, acknowledged.size(), staleFresh, staleOld, owed, survivors,
                untouched.size());

        assertThat(calls).as("acknowledged invalidations").isPositive();
        assertThat(staleFresh).as("invalidated entries read back through fresh connections").isZero();
        assertThat(staleOld).as("invalidated entries read back through the connections that invalidated").isZero();
        // the WAITs covered the puts before them too, so the new primary has every entry nobody invalidated: the
        // zero above is not an empty store's
        assertThat(survivors).as("untouched entries on the new primary").isEqualTo(untouched.size());
    }

    @Test
    void writesMoveToTheNewPrimaryAfterAGracefulFailover() {
        RedisConnections connections = open();
        RedisCacheStore store = storeOn(connections);
        RedisServer old = sentinel.primary();
        assertThat(writesAndReads(store, anyCacheKey())).isTrue();

        long requestedAt = System.nanoTime();
        RedisServer promoted = sentinel.failover();
        long failedOverMillis = millisSince(requestedAt);
        // until the connections follow +switch-master, puts still succeed on the demoted primary, which keeps acting
        // as one for about 11 s: acknowledged, yet lost once it becomes a replica
        AtomicInteger elsewhere = new AtomicInteger();
        await().atMost(RECOVERY).pollInterval(POLL).until(() -> {
            CacheKey key = anyCacheKey();
            if (!writesAndReads(store, key)) {
                return false;
            }
            if ("1".equals(promoted.command("EXISTS", entryName(key)))) {
                return true;
            }
            elsewhere.incrementAndGet();
            return false;
        });
        long switchedMillis = millisSince(requestedAt);
        System.out.printf("graceful failover: sentinels named %d after %d ms; writes through the same connections"
                        + " reached it after %d ms (%d acknowledged puts went to the demoted %d before)%n",
                promoted.port(), failedOverMillis, switchedMillis, elsewhere.get(), old.port());

        // once switched, every acknowledged put is on the new primary, none only on the demoted one
        List<CacheKey> after = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CacheKey key = anyCacheKey();
            store.put(key, RESPONSE, Set.of(group(i)));
            after.add(key);
        }
        for (CacheKey key : after) {
            assertThat(promoted.command("EXISTS", entryName(key))).as("%s on the new primary", key).isEqualTo("1");
            assertThat(store.get(key)).as("%s read back", key).isPresent();
        }
    }

    @Test
    void theBusHearsMessagesAgainAfterAFailover() {
        RedisInvalidationBus publisher = busOn(open());
        RedisInvalidationBus subscriber = busOn(open());
        RecordingListener heard = new RecordingListener();
        subscriber.subscribe(heard);
        publisher.publish(Invalidation.ofKeys(Set.of(anyCacheKey()), "before"));
        await().atMost(RECOVERY).until(() -> heard.received.size() == 1);

        RedisServer killed = sentinel.killPrimary();
        long killedAt = System.nanoTime();
        AtomicInteger published = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                publisher.publish(Invalidation.ofKeys(Set.of(anyCacheKey()), "after-kill"));
                published.incrementAndGet();
            } catch (RuntimeException down) {
                refused.incrementAndGet();
            }
            return heard.received.stream().anyMatch(invalidation -> invalidation.reason().equals("after-kill"));
        });
        long deliveredMillis = millisSince(killedAt);
        // the contact signals come from the bus's own evidence; delivery above is what they promise. A heartbeat
        // that fails while the publishing side still moves may cost one more loss and recovery, so the sequence is
        // checked for its shape, not its length
        await().atMost(RECOVERY).until(() -> !heard.signals.isEmpty()
                && heard.signals.get(heard.signals.size() - 1).equals("restored"));
        RedisServer promoted = sentinel.awaitPrimaryOtherThan(killed, RECOVERY);
        System.out.printf("bus failover: a message published after the kill reached the other instance after %d ms"
                        + " (contact lost after %d ms, restored after %d ms, signals %s; %d publishes refused,"
                        + " %d taken meanwhile; primary %d killed, %d promoted)%n",
                deliveredMillis, millisBetween(killedAt, heard.lostAt.get()),
                millisBetween(killedAt, heard.restoredAt.get()), heard.signals, refused.get(), published.get(),
                killed.port(), promoted.port());

        List<String> signals = List.copyOf(heard.signals);
        assertThat(signals).as("told it may have missed messages, then that they arrive again").isNotEmpty()
                .startsWith("lost").endsWith("restored");
        for (int i = 0; i < signals.size(); i++) {
            assertThat(signals.get(i)).as("signal %d of %s", i, signals).isEqualTo(i % 2 == 0 ? "lost" : "restored");
        }
        Invalidation last = Invalidation.ofTags(Set.of(Tag.of("job:after")), "steady");
        publisher.publish(last);
        await().atMost(RECOVERY).until(() -> heard.received.contains(last));
    }

    private static RedisConnections open() {
        RedisConnections connections = RedisConnections.connect(sentinel.uri(), SETTINGS);
        opened.add(connections);
        return connections;
    }

    private static RedisCacheStore storeOn(RedisConnections connections) {
        return new RedisCacheStore(connections, PREFIX, Clock.system());
    }

    private static RedisInvalidationBus busOn(RedisConnections connections) {
        RedisInvalidationBus bus = new RedisInvalidationBus(connections, PREFIX, RedisBusSettings.defaults());
        // a bus is closed before its connections
        opened.add(bus);
        return bus;
    }

    private static void closeOpened() throws Exception {
        Exception failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** A put and a get of {@code key} through {@code store}, both answered; false while Redis is out of reach. */
    private static boolean writesAndReads(RedisCacheStore store, CacheKey key) {
        try {
            store.put(key, RESPONSE, Set.of());
            return store.get(key).isPresent();
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static boolean invalidated(Runnable invalidation) {
        try {
            invalidation.run();
            return true;
        } catch (RedisStoreException owed) {
            System.out.printf("sentinel kill: an invalidation is owed before the kill: %s%n", owed.getMessage());
            return false;
        }
    }

    private static List<CacheKey> inGroup(List<CacheKey> keys, int group) {
        List<CacheKey> grouped = new ArrayList<>();
        for (int i = group; i < keys.size(); i += GROUPS) {
            grouped.add(keys.get(i));
        }
        return grouped;
    }

    private static boolean inGroupAtLeast(List<CacheKey> keys, CacheKey key, int group) {
        return keys.indexOf(key) % GROUPS >= group;
    }

    private static Tag group(int group) {
        return Tag.of("jobs:group:" + group);
    }

    private static Tag job(int entry) {
        return Tag.of("job:" + entry);
    }

    private static String entryName(CacheKey key) {
        return new String(NAMES.entry(key), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static long millisBetween(long startNanos, long endNanos) {
        return endNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }

    private static final class RecordingListener implements InvalidationBus.Listener {
        final List<Invalidation> received = new CopyOnWriteArrayList<>();
        final List<String> signals = new CopyOnWriteArrayList<>();
        final AtomicLong lostAt = new AtomicLong();
        final AtomicLong restoredAt = new AtomicLong();

        @Override
        public void onInvalidation(Invalidation invalidation) {
            received.add(invalidation);
        }

        @Override
        public void contactLost() {
            signals.add("lost");
            lostAt.compareAndSet(0, System.nanoTime());
        }

        @Override
        public void contactRestored() {
            signals.add("restored");
            restoredAt.compareAndSet(0, System.nanoTime());
        }
    }
}

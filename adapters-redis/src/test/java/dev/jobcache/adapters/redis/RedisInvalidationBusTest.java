package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.InvalidationBus;
import dev.jobcache.testkit.redis.RedisServer;
import dev.jobcache.testkit.redis.RedisServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How {@link RedisInvalidationBus} carries invalidations between instances and notices when it may have lost some. */
class RedisInvalidationBusTest {

    private static final String PREFIX = "bus:v1:";
    private static final String CHANNEL = PREFIX + "invalidations";
    private static final Duration PING_TIMEOUT = Duration.ofMillis(300);
    private static final RedisBusSettings FAST_PING = new RedisBusSettings(Duration.ofMillis(100), PING_TIMEOUT);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern PUBLISH_CALLS = Pattern.compile("cmdstat_publish:calls=(\\d+)");

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void deliversAMessageFromOneInstanceToEveryInstanceIntact() {
        RedisInvalidationBus publisher = anInstance();
        RedisInvalidationBus other = anInstance();
        RecordingListener atPublisher = listenTo(publisher);
        RecordingListener atOther = listenTo(other);
        Invalidation invalidation = new Invalidation(Set.of(Tag.of("job:42"), Tag.of("jobs:user:alice")),
                Set.of(new CacheKey("GET:/jobs/42:user=alice:0123abcd"), new CacheKey("GET:/jobs:user=alice:ffee")),
                true, "admin-clear, étape 2 ✓");

        publisher.publish(invalidation);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(atPublisher.received()).containsExactly(invalidation);
            assertThat(atOther.received()).containsExactly(invalidation);
        });
        assertThat(atPublisher.signals()).isEmpty();
        assertThat(atOther.signals()).isEmpty();
    }

    @Test
    void saysNothingAboutContactWhileItsHeartbeatsComeBack() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener listener = listenTo(bus);
        REDIS.server().command("CONFIG", "RESETSTAT");

        await().atMost(WAIT).until(() -> heartbeatsSent() >= 10);

        assertThat(listener.signals()).isEmpty();
    }

    @Test
    void killedSubscriberConnectionIsAnnouncedAsLostThenAsRestoredOnceSubscribedAgain() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener listener = listenTo(bus);

        REDIS.server().command("CLIENT", "KILL", "TYPE", "pubsub");

        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.signals()).containsExactly(Signal.LOST, Signal.RESTORED));
        assertThat(subscribers()).isEqualTo(1);
        thenDeliveryWorks(bus, listener);
    }

    @Test
    void pausedRedisIsAnnouncedAsLostOnceAPingTimesOutAndAsRestoredAfterItResumes() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener listener = listenTo(bus);
        RedisServer server = REDIS.server();

        server.pause();
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(listener.signals()).containsExactly(Signal.LOST));
        } finally {
            server.resume();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.signals()).containsExactly(Signal.LOST, Signal.RESTORED));
        thenDeliveryWorks(bus, listener);
    }

    @Test
    void listenerThatSubscribesWhileContactIsLostHearsSoBeforeSubscribeReturns() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener early = listenTo(bus);
        REDIS.server().pause();
        RecordingListener late;
        try {
            await().atMost(WAIT).untilAsserted(() -> assertThat(early.signals()).containsExactly(Signal.LOST));

            late = listenTo(bus);

            assertThat(late.signals()).containsExactly(Signal.LOST);
        } finally {
            REDIS.server().resume();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(late.signals()).containsExactly(Signal.LOST, Signal.RESTORED));
    }

    @Test
    void unreadableMessageIsAnnouncedAsALossAndDeliveryGoesOn() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener listener = listenTo(bus);

        REDIS.server().command("PUBLISH", CHANNEL, "garbage");

        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.signals()).containsExactly(Signal.LOST, Signal.RESTORED));
        assertThat(listener.received()).isEmpty();
        thenDeliveryWorks(bus, listener);
    }

    @Test
    void closedSubscriptionHearsNothingMore() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener closed = listenTo(bus);
        RecordingListener open = listenTo(bus);
        Invalidation marker = Invalidation.ofTags(Set.of(Tag.of("marker")), "marker");

        closed.subscription.close();
        bus.publish(Invalidation.ofTags(Set.of(Tag.of("job:1")), "after-close"));
        bus.publish(marker);

        await().atMost(WAIT).untilAsserted(() -> assertThat(open.received()).contains(marker));
        assertThat(closed.received()).isEmpty();
    }

    @Test
    void listenerThatThrowsDoesNotKeepOthersFromHearing() {
        RedisInvalidationBus bus = anInstance();
        bus.subscribe(new BrokenListener());
        RecordingListener healthy = listenTo(bus);
        Invalidation invalidation = Invalidation.ofKeys(Set.of(new CacheKey("GET:/jobs/7:user=bob:00")), "job-deleted");

        bus.publish(invalidation);
        REDIS.server().command("PUBLISH", CHANNEL, "garbage");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(healthy.received()).containsExactly(invalidation);
            assertThat(healthy.signals()).containsExactly(Signal.LOST, Signal.RESTORED);
        });
    }

    @Test
    void publishingWhileRedisIsDownFailsWithAMessageThatSaysWhat() {
        RedisInvalidationBus bus = anInstance();
        REDIS.server().kill();

        assertThatThrownBy(() -> bus.publish(Invalidation.all("admin")))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("publish an invalidation on " + CHANNEL);
    }

    @Test
    void closingTheBusStopsItsThreadAndItsSubscription() {
        RedisInvalidationBus first = anInstance();
        RedisInvalidationBus second = anInstance();
        await().atMost(WAIT).until(() -> subscribers() == 2);
        assertThat(busThreads()).isNotEmpty();

        first.close();
        second.close();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(busThreads()).isEmpty();
            assertThat(subscribers()).isZero();
        });
    }

    @Test
    void closingTheBusTellsSubscribersThatNothingReachesThemAnyMore() {
        RedisInvalidationBus bus = anInstance();
        RecordingListener listener = listenTo(bus);

        bus.close();

        assertThat(listener.signals()).containsExactly(Signal.LOST);
    }

    /** One application instance: its own connections, as in production. */
    private RedisInvalidationBus anInstance() {
        RedisConnections connections = RedisConnections.connect(REDIS.server().uri(), Duration.ofSeconds(1));
        opened.add(connections);
        RedisInvalidationBus bus = new RedisInvalidationBus(connections, PREFIX, FAST_PING);
        opened.add(bus);
        return bus;
    }

    private static RecordingListener listenTo(InvalidationBus bus) {
        RecordingListener listener = new RecordingListener();
        listener.subscription = bus.subscribe(listener);
        return listener;
    }

    private static void thenDeliveryWorks(InvalidationBus bus, RecordingListener listener) {
        Invalidation afterwards = Invalidation.ofTags(Set.of(Tag.of("job:after")), "afterwards");
        bus.publish(afterwards);
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.received()).contains(afterwards));
    }

    private static List<String> busThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith(RedisInvalidationBus.THREAD_NAME))
                .toList();
    }

    /** Heartbeats are the only messages these tests publish while they wait. */
    private static long heartbeatsSent() {
        Matcher calls = PUBLISH_CALLS.matcher(REDIS.server().command("INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    private static long subscribers() {
        String reply = REDIS.server().command("PUBSUB", "NUMSUB", CHANNEL);
        return Long.parseLong(reply.substring(reply.indexOf('\n') + 1));
    }

    private enum Signal { LOST, RESTORED }

    private static final class RecordingListener implements InvalidationBus.Listener {
        private final List<Invalidation> received = new CopyOnWriteArrayList<>();
        private final List<Signal> signals = new CopyOnWriteArrayList<>();
        private InvalidationBus.Subscription subscription;

        @Override
        public void onInvalidation(Invalidation invalidation) {
            received.add(invalidation);
        }

        @Override
        public void contactLost() {
            signals.add(Signal.LOST);
        }

        @Override
        public void contactRestored() {
            signals.add(Signal.RESTORED);
        }

        List<Invalidation> received() {
            return List.copyOf(received);
        }

        List<Signal> signals() {
            return List.copyOf(signals);
        }
    }
}

package dev.jobcache.testkit.contract;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.InvalidationStamp;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.InvalidationBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link InvalidationBus} promises: delivery to every open subscription (the publisher's own included),
 * nothing after a subscription is closed, every kind of invalidation arriving intact, and the lost-contact and
 * restored-contact signals.
 *
 * <p>Delivery may be asynchronous, so assertions wait with Awaitility. "Receives nothing" is checked by publishing a
 * marker afterwards to a subscription that stays open and waiting for it: a bus that delivers in order from one
 * publisher has by then delivered anything it was going to deliver.
 */
public abstract class InvalidationBusContract {

    protected static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    protected InvalidationBus bus;

    /** A new bus. Called before each test. */
    protected abstract InvalidationBus newBus();

    /**
     * Makes {@code bus} tell its subscribers that messages may have been lost: the in-memory fake has a switch, a real
     * adapter breaks or kills its connection.
     */
    protected abstract void loseContact(InvalidationBus bus);

    /**
     * Ends what {@link #loseContact} began, so that {@code bus} subscribes its listeners again and tells them so: the
     * in-memory fake has a switch, a real adapter lets its connection come back (restarts or resumes the server) and
     * may take its time, since the suite waits for the signal.
     */
    protected abstract void restoreContact(InvalidationBus bus);

    /** Releases what {@link #newBus()} acquired; nothing by default. */
    protected void closeBus(InvalidationBus bus) {
    }

    @BeforeEach
    protected final void createBus() {
        bus = newBus();
    }

    @AfterEach
    protected final void releaseBus() {
        closeBus(bus);
    }

    @Test
    public void deliversAnInvalidationToItsSubscriberIncludingThePublishersOwn() {
        RecordingListener listener = new RecordingListener();
        bus.subscribe(listener);
        Invalidation invalidation = Invalidation.ofTags(Set.of(Tag.of("job:42")), "job-status-changed");

        bus.publish(invalidation);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(listener.received()).containsExactly(invalidation));
    }

    @Test
    public void deliversToEverySubscriber() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        bus.subscribe(first);
        bus.subscribe(second);
        Invalidation invalidation = Invalidation.all("admin");

        bus.publish(invalidation);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
            assertThat(first.received()).containsExactly(invalidation);
            assertThat(second.received()).containsExactly(invalidation);
        });
    }

    @Test
    public void deliversEveryKindOfInvalidationIntact() {
        RecordingListener listener = new RecordingListener();
        bus.subscribe(listener);
        List<Invalidation> sent = List.of(
                Invalidation.ofTags(Set.of(Tag.of("job:42"), Tag.of("jobs:user:alice")), "job-deleted"),
                Invalidation.ofKeys(Set.of(new CacheKey("GET:/jobs/{id}:user=alice:0123abcd")), "admin"),
                Invalidation.all("admin-clear"),
                // the number a consistency token names: a near-cache can only tell what it applied if it arrives
                Invalidation.ofTags(Set.of(Tag.of("job:7")), "job-status-changed")
                        .stamped(new InvalidationStamp("k3j9x2a1pq", 41)));

        sent.forEach(bus::publish);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(listener.received()).containsExactlyInAnyOrderElementsOf(sent));
    }

    @Test
    public void closedSubscriptionReceivesNothing() {
        RecordingListener closed = new RecordingListener();
        RecordingListener open = new RecordingListener();
        bus.subscribe(closed).close();
        bus.subscribe(open);
        Invalidation marker = Invalidation.ofTags(Set.of(Tag.of("marker")), "marker");

        bus.publish(Invalidation.ofTags(Set.of(Tag.of("job:1")), "after-close"));
        bus.publish(marker);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(open.received()).contains(marker));
        assertThat(closed.received()).isEmpty();
    }

    @Test
    public void closingASubscriptionTwiceIsHarmless() {
        RecordingListener listener = new RecordingListener();
        InvalidationBus.Subscription subscription = bus.subscribe(listener);
        subscription.close();

        subscription.close();

        assertThat(listener.received()).isEmpty();
    }

    @Test
    public void tellsEverySubscriberWhenContactIsLost() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        bus.subscribe(first);
        bus.subscribe(second);

        loseContact(bus);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
            assertThat(first.contactLosses()).isPositive();
            assertThat(second.contactLosses()).isPositive();
        });
    }

    @Test
    public void tellsEverySubscriberWhenContactIsRestoredAfterALoss() {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        bus.subscribe(first);
        bus.subscribe(second);
        loseContact(bus);
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(first.contactLosses()).isPositive());

        restoreContact(bus);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> {
            assertThat(first.contactSignals()).startsWith(Signal.LOST).endsWith(Signal.RESTORED);
            assertThat(second.contactSignals()).startsWith(Signal.LOST).endsWith(Signal.RESTORED);
        });
    }

    @Test
    public void deliversAgainOnceContactIsRestored() {
        RecordingListener listener = new RecordingListener();
        bus.subscribe(listener);
        loseContact(bus);
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(listener.contactLosses()).isPositive());
        restoreContact(bus);
        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(listener.contactRestorations()).isPositive());
        Invalidation afterwards = Invalidation.ofTags(Set.of(Tag.of("job:7")), "after-restore");

        bus.publish(afterwards);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(listener.received()).contains(afterwards));
    }

    /**
     * A bus in good health says nothing about contact: a listener that heard "restored" without a loss could trust
     * copies it never dropped.
     */
    @Test
    public void saysNothingAboutContactWhileItHasNotBeenLost() {
        RecordingListener listener = new RecordingListener();
        bus.subscribe(listener);
        Invalidation marker = Invalidation.ofTags(Set.of(Tag.of("marker")), "marker");

        bus.publish(marker);

        await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(listener.received()).contains(marker));
        assertThat(listener.contactSignals()).isEmpty();
    }

    /** What a listener heard about contact, in order. */
    protected enum Signal { LOST, RESTORED }

    /** Keeps what a subscription was told; thread-safe because buses deliver on their own threads. */
    protected static final class RecordingListener implements InvalidationBus.Listener {
        private final List<Invalidation> received = new CopyOnWriteArrayList<>();
        private final List<Signal> contactSignals = new CopyOnWriteArrayList<>();
        private final AtomicInteger contactLosses = new AtomicInteger();
        private final AtomicInteger contactRestorations = new AtomicInteger();

        // public: a protected nested class gets a protected constructor, which suites in other packages cannot call
        public RecordingListener() {
        }

        @Override
        public void onInvalidation(Invalidation invalidation) {
            received.add(invalidation);
        }

        @Override
        public void contactLost() {
            contactSignals.add(Signal.LOST);
            contactLosses.incrementAndGet();
        }

        @Override
        public void contactRestored() {
            contactSignals.add(Signal.RESTORED);
            contactRestorations.incrementAndGet();
        }

        public List<Signal> contactSignals() {
            return List.copyOf(contactSignals);
        }

        public int contactRestorations() {
            return contactRestorations.get();
        }

        public List<Invalidation> received() {
            return List.copyOf(received);
        }

        public int contactLosses() {
            return contactLosses.get();
        }
    }
}

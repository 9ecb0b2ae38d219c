package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link BusContact}: each change of contact told once, in order, and never from stale evidence. */
class BusContactTest {

    private final BusContact contact = new BusContact("test:v1:invalidations");

    @Test
    void tellsEachLossAndRecoveryOnceAndNothingWhileHealthy() {
        Recorder listener = new Recorder();
        contact.subscribe(listener);

        contact.lost("the pub/sub connection closed");
        contact.lost("the heartbeat did not come back");
        contact.restored(() -> true);
        contact.restored(() -> true);

        assertThat(listener.heard).containsExactly("lost", "restored");
    }

    @Test
    void aListenerSubscribingWhileContactIsLostHearsTheLossAtOnce() {
        contact.lost("gone");
        Recorder late = new Recorder();

        contact.subscribe(late);

        assertThat(late.heard).containsExactly("lost");
    }

    @Test
    void ignoresEvidenceGatheredBeforeTheLastChange() {
        Recorder listener = new Recorder();
        contact.subscribe(listener);
        long before = contact.changes();
        contact.lost("gone");
        contact.restored(() -> true);

        boolean current = contact.lostUnlessChanged("a heartbeat sent before the recovery", before);

        assertThat(current).isFalse();
        assertThat(listener.heard).containsExactly("lost", "restored");
    }

    @Test
    void restoresOnlyWhenTheConfirmationIsTheCurrentConnections() {
        Recorder listener = new Recorder();
        contact.subscribe(listener);
        contact.lost("gone");

        contact.restored(() -> false);

        assertThat(listener.heard).containsExactly("lost");
    }

    @Test
    void aMissedMessageIsALossAndARecoveryAndAListenerThatThrowsHoldsNoOtherUp() {
        Recorder listener = new Recorder();
        contact.subscribe(new BrokenListener());
        contact.subscribe(listener);

        contact.missedOne();
        contact.deliver(Invalidation.ofTags(java.util.Set.of(dev.jobcache.domain.cache.Tag.of("job:1")), "test"));

        assertThat(listener.heard).containsExactly("lost", "restored", "invalidation");
    }

    @Test
    void closingTellsTheLossAndThenNothingAndAClosedSubscriptionHearsNothing() {
        Recorder listener = new Recorder();
        Recorder unsubscribed = new Recorder();
        contact.subscribe(listener);
        contact.subscribe(unsubscribed).close();

        contact.close();
        contact.restored(() -> true);
        Recorder afterwards = new Recorder();
        contact.subscribe(afterwards);

        assertThat(listener.heard).containsExactly("lost");
        assertThat(unsubscribed.heard).isEmpty();
        assertThat(afterwards.heard).containsExactly("lost");
    }

    private static final class Recorder implements InvalidationBus.Listener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void onInvalidation(Invalidation invalidation) {
            heard.add("invalidation");
        }

        @Override
        public void contactLost() {
            heard.add("lost");
        }

        @Override
        public void contactRestored() {
            heard.add("restored");
        }
    }
}

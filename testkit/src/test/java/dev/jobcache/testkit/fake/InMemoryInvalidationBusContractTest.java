package dev.jobcache.testkit.fake;

import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.port.InvalidationBus;
import dev.jobcache.testkit.contract.InvalidationBusContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@link InvalidationBusContract} against {@link InMemoryInvalidationBus}, plus its switches. */
class InMemoryInvalidationBusContractTest extends InvalidationBusContract {

    @Override
    protected InvalidationBus newBus() {
        return new InMemoryInvalidationBus();
    }

    @Override
    protected void loseContact(InvalidationBus bus) {
        ((InMemoryInvalidationBus) bus).loseContact();
    }

    @Override
    protected void restoreContact(InvalidationBus bus) {
        ((InMemoryInvalidationBus) bus).restoreContact();
    }

    @Test
    void deliversNothingWhileOutOfContactAndTheMissedMessagesStayLost() {
        InMemoryInvalidationBus inMemory = new InMemoryInvalidationBus();
        List<Invalidation> received = new CopyOnWriteArrayList<>();
        inMemory.subscribe(listener(received));
        inMemory.loseContact();

        inMemory.publish(Invalidation.all("missed"));
        inMemory.restoreContact();
        inMemory.publish(Invalidation.all("delivered"));

        assertThat(received).containsExactly(Invalidation.all("delivered"));
        assertThat(inMemory.published()).containsExactly(Invalidation.all("missed"), Invalidation.all("delivered"));
    }

    @Test
    void aSubscriptionMadeOutOfContactHearsOfTheLossAtOnceAndOfTheRestoreLater() {
        InMemoryInvalidationBus inMemory = new InMemoryInvalidationBus();
        inMemory.loseContact();
        RecordingListener late = new RecordingListener();

        inMemory.subscribe(late);
        inMemory.restoreContact();

        assertThat(late.contactSignals()).containsExactly(Signal.LOST, Signal.RESTORED);
    }

    @Test
    void restoringContactThatWasNotLostTellsNoOne() {
        InMemoryInvalidationBus inMemory = new InMemoryInvalidationBus();
        RecordingListener listener = new RecordingListener();
        inMemory.subscribe(listener);

        inMemory.restoreContact();

        assertThat(listener.contactSignals()).isEmpty();
        assertThat(inMemory.inContact()).isTrue();
    }

    @Test
    void droppedMessagesAreRecordedButReachNoOne() {
        InMemoryInvalidationBus inMemory = new InMemoryInvalidationBus();
        List<Invalidation> received = new CopyOnWriteArrayList<>();
        inMemory.subscribe(listener(received));
        inMemory.dropMessages();

        inMemory.publish(Invalidation.all("lost"));
        inMemory.deliverMessages();
        inMemory.publish(Invalidation.all("delivered"));

        assertThat(received).containsExactly(Invalidation.all("delivered"));
        assertThat(inMemory.published()).containsExactly(Invalidation.all("lost"), Invalidation.all("delivered"));
    }

    @Test
    void aThrowingListenerDoesNotStopDeliveryToOthersAndIsReported() {
        InMemoryInvalidationBus inMemory = new InMemoryInvalidationBus();
        List<Invalidation> received = new ArrayList<>();
        inMemory.subscribe(new InvalidationBus.Listener() {
            @Override
            public void onInvalidation(Invalidation invalidation) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void contactLost() {
            }
        });
        inMemory.subscribe(listener(received));

        inMemory.publish(Invalidation.all("admin"));

        assertThat(received).hasSize(1);
        assertThat(inMemory.listenerFailures()).extracting(Throwable::getMessage).containsExactly("listener bug");
    }

    @Test
    void closedSubscriptionsAreForgotten() {
        InMemoryInvalidationBus inMemory = new InMemoryInvalidationBus();
        InvalidationBus.Subscription subscription = inMemory.subscribe(listener(new ArrayList<>()));

        subscription.close();

        assertThat(inMemory.subscriberCount()).isZero();
    }

    private static InvalidationBus.Listener listener(List<Invalidation> received) {
        return new InvalidationBus.Listener() {
            @Override
            public void onInvalidation(Invalidation invalidation) {
                received.add(invalidation);
            }

            @Override
            public void contactLost() {
            }
        };
    }
}

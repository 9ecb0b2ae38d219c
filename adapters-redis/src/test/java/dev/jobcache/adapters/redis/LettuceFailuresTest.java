package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.StoreFailure.Reach;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import java.net.SocketException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How far each of Lettuce's failures reaches: the connection failures that the real-Redis fault tests cannot
 * provoke on demand (a reset under a command in flight, a full request queue), beside the ones they do.
 */
class LettuceFailuresTest {

    @Test
    void aConnectionResetUnderACommandInFlightIsALostConnection() {
        RedisStoreException failure = LettuceFailures.map("get",
                new ExecutionException(new SocketException("Connection reset")));

        assertThat(failure.unavailable()).isTrue();
        assertThat(failure.reach()).isEqualTo(Reach.STORE);
    }

    @Test
    void aCommandRejectedWhileDisconnectedIsALostConnection() {
        RedisStoreException failure = LettuceFailures.map("get",
                new RedisException("Currently not connected. Commands are rejected."));

        assertThat(failure.unavailable()).isTrue();
        assertThat(failure.reach()).isEqualTo(Reach.STORE);
    }

    @Test
    void aFullRequestQueueIsLoadThatReachesOnlyItsCall() {
        RedisStoreException failure = LettuceFailures.map("get", new RedisException(
                "Request queue size exceeded: 1024. Commands are not accepted until the queue size drops."));

        assertThat(failure.unavailable()).isTrue();
        assertThat(failure.reach()).isEqualTo(Reach.CALL);
    }

    @Test
    void aTimeoutCountsForTheBreakerButReachesOnlyItsCall() {
        RedisStoreException failure = LettuceFailures.map("get", new RedisCommandTimeoutException("timed out"));

        assertThat(failure.unavailable()).isTrue();
        assertThat(failure.reach()).isEqualTo(Reach.CALL);
    }

    @Test
    void aRefusedCommandIsNoOutage() {
        RedisStoreException failure = LettuceFailures.map("put",
                new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'"));

        assertThat(failure.unavailable()).isFalse();
        assertThat(failure.reach()).isEqualTo(Reach.CALL);
    }
}

package dev.jobcache.adapters.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis adapter talks to Redis and when it stops trying: the timeout of every command, and the circuit
 * breaker that fails calls fast once Redis keeps failing.
 *
 * <p>The breaker opens when at least {@code minimumNumberOfCalls} of the last {@code slidingWindowSize} calls were
 * made and {@code failureRateThreshold} percent of them failed for want of Redis (timeouts, lost connections, a busy or
 * loading server); a command Redis answered with an error, such as a write refused at {@code maxmemory}, is not such a
 * failure. While open, calls fail at once without touching Redis; after {@code waitDurationInOpenState} the next
 * {@code permittedCallsInHalfOpenState} calls probe it and decide whether to close again.
 *
 * @param commandTimeout               the longest a single Redis command may take; also bounds each call's wait
 * @param failureRateThreshold         percent of failed calls, in (0, 100], that opens the breaker
 * @param slidingWindowSize            how many of the latest calls the failure rate is measured over
 * @param minimumNumberOfCalls         how many calls the window needs before the rate counts
 * @param waitDurationInOpenState      how long the breaker stays open before probing
 * @param permittedCallsInHalfOpenState how many probe calls decide between closing and opening again
 * @param replicaAcknowledgements      how many replicas must have an invalidation before it counts as done
 *                                     ({@code WAIT}); {@link #BY_TOPOLOGY} for 1 on a Cluster or Sentinel group, 0 on
 *                                     one server
 * @param readFrom                     where reads go: the master, or a replica when one answers
 */
public record RedisSettings(
        Duration commandTimeout,
        float failureRateThreshold,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration waitDurationInOpenState,
        int permittedCallsInHalfOpenState,
        int replicaAcknowledgements,
        RedisReadFrom readFrom) {

    /** {@link #replicaAcknowledgements()}: 1 where there are replicas to fail over to (Cluster, Sentinel), else 0. */
    public static final int BY_TOPOLOGY = -1;

    public RedisSettings {
        Objects.requireNonNull(readFrom, "readFrom");
        if (replicaAcknowledgements < BY_TOPOLOGY) {
            throw new IllegalArgumentException("replicaAcknowledgements is at least 0 (or BY_TOPOLOGY), was " + replicaAcknowledgements);
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(waitDurationInOpenState, "waitDurationInOpenState");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold is a percentage in (0, 100], was " + failureRateThreshold);
        }
        if (slidingWindowSize < 1 || minimumNumberOfCalls < 1 || permittedCallsInHalfOpenState < 1) {
            throw new IllegalArgumentException("slidingWindowSize, minimumNumberOfCalls and permittedCallsInHalfOpenState are at least 1");
        }
        if (waitDurationInOpenState.isNegative() || waitDurationInOpenState.isZero()) {
            throw new IllegalArgumentException("waitDurationInOpenState must be positive, was " + waitDurationInOpenState);
        }
    }

    /** Settings with replica acknowledgements by topology and reads from the master. */
    public RedisSettings(Duration commandTimeout, float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                         Duration waitDurationInOpenState, int permittedCallsInHalfOpenState) {
        this(commandTimeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls, waitDurationInOpenState,
                permittedCallsInHalfOpenState, BY_TOPOLOGY, RedisReadFrom.MASTER);
    }

    /**
     * Settings for a cache next to the application: a command may take 250 ms, and the breaker opens when half of
     * the last 20 calls (at least 10) failed, then probes with 3 calls every 5 seconds.
     */
    public static RedisSettings defaults() {
        return new RedisSettings(Duration.ofMillis(250), 50f, 20, 10, Duration.ofSeconds(5), 3);
    }

    public RedisSettings withCommandTimeout(Duration timeout) {
        return new RedisSettings(timeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
                waitDurationInOpenState, permittedCallsInHalfOpenState, replicaAcknowledgements, readFrom);
    }

    /** The same settings with another breaker. */
    public RedisSettings withBreaker(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
                                     Duration waitDurationInOpenState, int permittedCallsInHalfOpenState) {
        return new RedisSettings(commandTimeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
                waitDurationInOpenState, permittedCallsInHalfOpenState, replicaAcknowledgements, readFrom);
    }

    /** The same settings with another replication guarantee and read preference. */
    public RedisSettings withReplication(int replicaAcknowledgements, RedisReadFrom readFrom) {
        return new RedisSettings(commandTimeout, failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
                waitDurationInOpenState, permittedCallsInHalfOpenState, replicaAcknowledgements, readFrom);
    }
}

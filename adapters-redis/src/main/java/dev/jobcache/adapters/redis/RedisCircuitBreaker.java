package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.StoreFailure;
import dev.jobcache.domain.port.Clock;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Resilience4j circuit breaker around every Redis call of one store. When Redis keeps failing, calls fail at once
 * instead of each waiting out the command timeout, so a Redis outage costs requests nothing but a cache miss; after a
 * while a few calls probe Redis and close the breaker again.
 *
 * <p>Only {@link RedisStoreException#unavailable() unavailability} counts as a failure; a command Redis refused (a
 * write at {@code maxmemory}) shows that Redis is up. Each state change is logged once, not each refused call. The
 * breaker reads time from the {@link Clock} port (monotonic nanos), so tests move it with a fake clock.
 */
final class RedisCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitBreaker.class);

    private final CircuitBreaker breaker;

    RedisCircuitBreaker(String name, RedisSettings settings, Clock clock) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                // the next call after the wait probes; no scheduler thread of its own
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(failure -> failure instanceof RedisStoreException e && e.unavailable())
                // refusals are expected while open; a stack trace per refused call would only cost
                .writableStackTraceEnabled(false)
                .clock(new MonotonicClock(clock))
                .currentTimestampFunction(ignored -> clock.nanoTime(), TimeUnit.NANOSECONDS)
                .build();
        this.breaker = CircuitBreaker.of(name, config);
        breaker.getEventPublisher().onStateTransition(event -> LOG.warn("Redis circuit breaker {}: {} -> {}",
                name, event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
    }

    /** Runs {@code call} if the breaker lets it, recording its outcome; refused calls fail with "circuit open". */
    <T> T call(String operation, Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException open) {
            // the open breaker already fails every call fast; leaving the store alone on top would only hold back
            // the calls that probe Redis once the breaker half-opens
            throw new RedisStoreException(operation + ": circuit open, Redis is not being called", true,
                    StoreFailure.Reach.CALL, open);
        }
    }

    /**
     * {@link #call} for a call that answers later: the breaker counts its outcome when the stage completes, and a
     * refused call is a stage failed with "circuit open" at once.
     */
    <T> CompletionStage<T> callAsync(String operation, Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        breaker.executeCompletionStage(call).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : failure;
            result.completeExceptionally(cause instanceof CallNotPermittedException open
                    ? new RedisStoreException(operation + ": circuit open, Redis is not being called", true,
                            StoreFailure.Reach.CALL, open)
                    : cause);
        });
        return result;
    }

    /** CLOSED, OPEN or HALF_OPEN. */
    String state() {
        return breaker.getState().name();
    }

    /**
     * Resilience4j's view of time: our monotonic nanos as an instant, so the open-state wait cannot be cut short or
     * stretched by a wall clock step and moves with a fake clock in tests.
     */
    private static final class MonotonicClock extends java.time.Clock {

        private final Clock clock;

        MonotonicClock(Clock clock) {
            this.clock = clock;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.EPOCH.plusNanos(clock.nanoTime());
        }
    }
}

package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.StoreFailure;

/**
 * Redis did not do what the cache store asked. The one failure type the adapter throws, so that callers (the
 * application's fail-open decorator) see a {@link RuntimeException} with a message that says what was tried.
 *
 * <p>{@link #unavailable()} separates "Redis could not be reached in time" (timeouts, lost connections, a busy or
 * loading server, an open circuit) from "Redis answered with an error" (e.g. a write refused at {@code maxmemory}):
 * only the first says anything about Redis' health, so only it counts against the circuit breaker.
 *
 * <p>{@link #reach()} tells the fail-open decorator whether to leave the store alone for a moment: only when the
 * connection itself is gone ({@link StoreFailure.Reach#STORE}). A timeout or a refusal reaches only its own call;
 * whether Redis is down is the circuit breaker's judgement, by the failure rate over its window.
 */
final class RedisStoreException extends StoreFailure {

    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    RedisStoreException(String message, boolean unavailable, Reach reach, Throwable cause) {
        super(message, reach, cause);
        this.unavailable = unavailable;
    }

    boolean unavailable() {
        return unavailable;
    }
}

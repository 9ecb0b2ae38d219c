package dev.jobcache.adapters.redis;

/**
 * Redis did not do what the cache store asked. The one failure type the adapter throws, so that callers (the
 * application's fail-open decorator) see a {@link RuntimeException} with a message that says what was tried.
 *
 * <p>{@link #unavailable()} separates "Redis could not be reached in time" (timeouts, lost connections, a busy or
 * loading server, an open circuit) from "Redis answered with an error" (e.g. a write refused at {@code maxmemory}):
 * only the first says anything about Redis' health, so only it counts against the circuit breaker.
 */
final class RedisStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    RedisStoreException(String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    boolean unavailable() {
        return unavailable;
    }
}

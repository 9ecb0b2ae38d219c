package dev.jobcache.domain.cache;

import java.util.Objects;

/**
 * A failed store call that says how far the failure reaches, so that the fail-open guard knows whether to leave
 * the whole store alone for a moment or only to go without it for this call. A store may throw any
 * {@link RuntimeException}; one that is not a {@code StoreFailure} is taken to reach the whole store, the cautious
 * reading.
 */
public class StoreFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How far a failure reaches. */
    public enum Reach {
        /**
         * This call failed, the next one need not: a timeout or a refusal while the store's own circuit breaker,
         * which judges by the failure rate over a window of calls, still lets calls through, or a call the open
         * breaker refused, which fails fast without anyone's help.
         */
        CALL,
        /** The store cannot be reached at all (connection refused, not connected): every call now fails alike. */
        STORE
    }

    private final Reach reach;

    public StoreFailure(String message, Reach reach, Throwable cause) {
        super(message, cause);
        this.reach = Objects.requireNonNull(reach, "reach");
    }

    public Reach reach() {
        return reach;
    }
}

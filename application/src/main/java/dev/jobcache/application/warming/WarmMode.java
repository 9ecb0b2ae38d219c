package dev.jobcache.application.warming;

import java.util.Locale;

/** Why a warm load ran: each mode is switched on by its own configuration and reported on its own. */
public enum WarmMode {
    /** {@code CACHE_WARM_ROUTES}, once the server has started. */
    STARTUP,
    /** {@code CACHE_WARM_SCHEDULE}: listed public routes reloaded every few minutes. */
    SCHEDULED,
    /** {@code CACHE_WARM_IDLE}: while traffic is low, the entries that were hot reloaded. */
    IDLE,
    /** {@code CACHE_WARM_USERS}: recently active users' first page of jobs and profile kept fresh. */
    USERS,
    /** {@code POST /admin/cache/warm}. */
    ADMIN;

    /** The name in log lines and in the admin API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

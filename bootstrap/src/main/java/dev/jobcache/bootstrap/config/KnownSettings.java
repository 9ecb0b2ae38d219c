package dev.jobcache.bootstrap.config;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every setting jobcache reads, and the name families it owns. {@link Settings} hands the loader no other name, and a
 * name of an owned family that is not here is taken for a misspelling.
 *
 * <p>To add a setting: add its name to {@link #NAMES} and a row to README's configuration table;
 * {@code KnownSettingsTest} fails until the list, the loader and the README agree.
 */
final class KnownSettings {

    static final List<String> NAMES = List.of(
            "JOBCACHE_CONFIG_FILE",
            "HTTP_HOST",
            "HTTP_PORT",
            "HTTP_FAST_PATH",
            "HTTP_MAX_JSON_BODY_KB",
            "HTTP_HEADER_TIMEOUT_MS",
            "HTTP_BODY_TIMEOUT_MS",
            "HTTP_SERVER_TIMING",
            "CACHE_BACKEND",
            "CACHE_DEFAULT_TTL",
            "CACHE_ROUTE_TTLS",
            "CACHE_STALE_GRACE_SECONDS",
            "CACHE_MAX_MEMORY_MB",
            "CACHE_MAX_ENTRY_KB",
            "CACHE_OWNER_SHARE_PERCENT",
            "CACHE_ENABLE_COMPRESSION",
            "CACHE_COMPRESSION_MIN_BYTES",
            "CACHE_SINGLE_FLIGHT_WAIT_MS",
            "CACHE_LOG_OPERATIONS",
            "CACHE_WARM_ROUTES",
            "CACHE_WARM_SCHEDULE",
            "CACHE_WARM_IDLE",
            "CACHE_WARM_IDLE_BELOW_RPS",
            "CACHE_WARM_IDLE_AFTER_SECONDS",
            "CACHE_WARM_IDLE_LOADS_PER_SECOND",
            "CACHE_WARM_IDLE_MAX_ENTRIES",
            "CACHE_WARM_IDLE_WINDOW_SECONDS",
            "CACHE_WARM_USERS",
            "CACHE_WARM_USERS_MAX",
            "CACHE_WARM_USERS_INACTIVE_SECONDS",
            "CACHE_WARM_USERS_LOADS_PER_SECOND",
            "CACHE_REFRESH_AHEAD",
            "CACHE_CLIENT_REVALIDATE",
            "CACHE_L1_MAX_MEMORY_MB",
            "CACHE_L1_MAX_AGE_MS",
            "CACHE_BUS_DELIVERY_DELAY_MS",
            "REDIS_URL",
            "REDIS_WAIT_REPLICAS",
            "REDIS_READ_FROM",
            "REDIS_TIMEOUT_MS",
            "REDIS_BREAKER_FAILURE_RATE",
            "REDIS_BREAKER_WINDOW",
            "REDIS_BREAKER_MIN_CALLS",
            "REDIS_BREAKER_OPEN_MS",
            "REDIS_KEY_PREFIX",
            "JOBS_DB_URL",
            "JOBS_DB_USER",
            "JOBS_DB_PASSWORD",
            "JOBS_MAX_RESULT_MB",
            "AUTH_TOKENS",
            "ADMIN_TOKENS",
            "SHUTDOWN_GRACE_SECONDS",
            "LOG_FORMAT",
            "ACCESS_LOG");

    /**
     * A name with one of these prefixes (in any case) is meant for jobcache; add a prefix only if no one else uses it.
     * Not {@code JOBCACHE_}: the scripts around the service take their own settings so ({@code JOBCACHE_JAVA_OPTS}).
     */
    static final List<String> OWNED_PREFIXES = List.of(
            "HTTP_", "CACHE_", "REDIS_", "JOBS_", "AUTH_", "ADMIN_", "SHUTDOWN_", "ACCESS_LOG");

    /** Other names this close to a known one are taken for a misspelling too ({@code CAHCE_BACKEND}). */
    private static final int CLOSE_ENOUGH = 2;

    /** Set by others on every machine: proxies (curl's spelling is lower case). */
    private static final Set<String> FOREIGN = Set.of("HTTP_PROXY");

    /**
     * What Kubernetes (and Docker links) set for every service of a namespace, e.g. {@code REDIS_SERVICE_HOST},
     * {@code REDIS_PORT_6379_TCP_ADDR}, and {@code REDIS_PORT=tcp://10.0.0.7:6379}: a service named {@code redis}
     * is no misspelling.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_[A-Z]+)?)");
    private static final Pattern SERVICE_ADDRESS = Pattern.compile("(tcp|udp|sctp)://.*");

    private static final Set<String> KNOWN = Set.copyOf(NAMES);
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private KnownSettings() {
    }

    static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    /**
     * The known setting {@code name} was probably meant to be, when it is not known itself but belongs to a family
     * jobcache owns or is within two edits of a known name; empty for everything else.
     */
    static Optional<String> meantFor(String name, String value) {
        if (isKnown(name)) {
            return Optional.empty();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (FOREIGN.contains(upper) || SERVICE_LINK.matcher(upper).matches()
                || (upper.endsWith("_PORT") && value != null && SERVICE_ADDRESS.matcher(value.trim()).matches())) {
            return Optional.empty();
        }
        String closest = closest(upper);
        boolean owned = OWNED_PREFIXES.stream().anyMatch(upper::startsWith);
        return owned || DISTANCE.apply(upper, closest) <= CLOSE_ENOUGH ? Optional.of(closest) : Optional.empty();
    }

    /**
     * The known name fewest edits away, looked for first in the name's own family ({@code REDIS_PORT} means a
     * {@code REDIS_} setting, not {@code HTTP_PORT}); of those as close, one the name is cut short of
     * ({@code JOBS_DB_PASS}), else the first in {@link #NAMES}.
     */
    private static String closest(String upper) {
        String family = upper.substring(0, upper.indexOf('_') + 1);
        List<String> candidates = family.isEmpty() ? NAMES
                : NAMES.stream().filter(known -> known.startsWith(family)).toList();
        return (candidates.isEmpty() ? NAMES : candidates).stream()
                .min(Comparator.<String>comparingInt(known -> DISTANCE.apply(upper, known))
                        .thenComparing(known -> !known.startsWith(upper)))
                .orElseThrow();
    }
}

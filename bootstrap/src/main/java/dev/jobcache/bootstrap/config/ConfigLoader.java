package dev.jobcache.bootstrap.config;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.application.warming.CacheWarmer;
import dev.jobcache.application.warming.IdleWarming;
import dev.jobcache.application.warming.UserWarming;
import dev.jobcache.application.warming.WarmSchedule;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.security.Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration once and validates every value before anything starts. Lookup order: {@code -D}
 * properties, environment variables, then the properties file named by {@code JOBCACHE_CONFIG_FILE} (or
 * {@code ./jobcache.properties} when present). A name that looks meant for jobcache but is none of
 * {@link KnownSettings} is logged as a warning, with the setting it was probably meant for.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    static final String DEFAULT_DB_URL = "jdbc:h2:file:./data/jobcache";
    private static final String EXPECTED_HOST =
            "expected an IPv4 address such as 127.0.0.1, an IPv6 address such as ::1, or a host name that resolves";
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]{2,45})]|([0-9A-Fa-f:.]{2,45})");
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{12,256}");
    private static final int MB = 1024 * 1024;

    private final Settings settings;

    private ConfigLoader(Settings settings) {
        this.settings = settings;
    }

    /** Reads the process's configuration. @throws ConfigError for the first bad value */
    public static JobcacheConfig fromEnvironment() {
        Map<String, String> system = new HashMap<>();
        System.getProperties().forEach((k, v) -> system.put(String.valueOf(k), String.valueOf(v)));
        return load(system, System.getenv());
    }

    /** Reads configuration from the given sources (the file is found through them). */
    public static JobcacheConfig load(Map<String, String> systemProperties, Map<String, String> environment) {
        Settings withoutFile = new Settings(systemProperties, environment, Map.of());
        Map<String, String> file = readFile(withoutFile);
        unknownSettings(systemProperties, environment, file, "in " + configFile(withoutFile)).forEach(LOG::warn);
        return new ConfigLoader(new Settings(systemProperties, environment, file)).load();
    }

    /**
     * One line for each name that looks meant for jobcache but is not one of its settings, naming where it was set
     * and the setting it was probably meant for; sorted by name. Such names are ignored.
     */
    static List<String> unknownSettings(Map<String, String> systemProperties, Map<String, String> environment,
                                        Map<String, String> file, String inFile) {
        Map<String, Map<String, String>> sources = new LinkedHashMap<>();
        sources.put("as a -D system property", systemProperties);
        sources.put("in the environment", environment);
        sources.put(inFile, file);
        List<String> lines = new ArrayList<>();
        sources.forEach((where, values) -> values.keySet().stream().sorted()
                .forEach(name -> KnownSettings.meantFor(name, values.get(name)).ifPresent(known -> lines.add(
                        "unknown setting " + name + " " + where + " is ignored (did you mean " + known + "?)"))));
        return lines;
    }

    private static Path configFile(Settings settings) {
        return settings.get("JOBCACHE_CONFIG_FILE").map(Path::of).orElse(Path.of("jobcache.properties"));
    }

    private static Map<String, String> readFile(Settings settings) {
        Path path = configFile(settings);
        boolean named = settings.get("JOBCACHE_CONFIG_FILE").isPresent();
        if (!Files.isRegularFile(path)) {
            if (named) {
                throw new ConfigError("JOBCACHE_CONFIG_FILE", path.toString(), "expected a readable properties file");
            }
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigError("JOBCACHE_CONFIG_FILE", path.toString(), "could not be read as properties: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
        return values;
    }

    private JobcacheConfig load() {
        JobcacheConfig.Http http = new JobcacheConfig.Http(
                host(),
                integer("HTTP_PORT", 8080, 0, 65535),
                Duration.ofSeconds(integer("SHUTDOWN_GRACE_SECONDS", 10, 0, 3600)),
                bool("HTTP_FAST_PATH", true),
                (long) integer("HTTP_MAX_JSON_BODY_KB", 1024, 1, 1024 * 1024) * 1024,
                Duration.ofMillis(integer("HTTP_HEADER_TIMEOUT_MS", 10_000, 100, 3_600_000)),
                Duration.ofMillis(integer("HTTP_BODY_TIMEOUT_MS", 30_000, 100, 3_600_000)),
                bool("HTTP_SERVER_TIMING", false));
        JobcacheConfig.Cache cache = new JobcacheConfig.Cache(
                CacheBackend.parse("CACHE_BACKEND", text("CACHE_BACKEND", "caffeine")),
                Duration.ofSeconds(integer("CACHE_DEFAULT_TTL", 300, 1, 31_536_000)),
                Duration.ofSeconds(integer("CACHE_STALE_GRACE_SECONDS", 10, 0, 86_400)),
                routeTtls(),
                (long) integer("CACHE_MAX_MEMORY_MB", 100, 1, 1_048_576) * MB,
                integer("CACHE_OWNER_SHARE_PERCENT", 10, 1, 100),
                integer("CACHE_MAX_ENTRY_KB", 1024, 1, 512 * 1024) * 1024,
                bool("CACHE_ENABLE_COMPRESSION", true),
                integer("CACHE_COMPRESSION_MIN_BYTES", 1024, 0, Integer.MAX_VALUE),
                Duration.ofMillis(integer("CACHE_SINGLE_FLIGHT_WAIT_MS", 5000, 0, 600_000)),
                (long) integer("CACHE_L1_MAX_MEMORY_MB", 32, 1, 1_048_576) * MB,
                Duration.ofMillis(integer("CACHE_L1_MAX_AGE_MS", 5000, 1, 86_400_000)),
                bool("CACHE_LOG_OPERATIONS", false),
                warmRoutes(),
                bool("CACHE_REFRESH_AHEAD", true),
                bool("CACHE_CLIENT_REVALIDATE", false),
                Duration.ofMillis(integer("CACHE_BUS_DELIVERY_DELAY_MS", 0, 0, 60_000)));
        JobcacheConfig.Redis redis = new JobcacheConfig.Redis(
                redisUrl(),
                Duration.ofMillis(integer("REDIS_TIMEOUT_MS", 50, 1, 60_000)),
                integer("REDIS_BREAKER_FAILURE_RATE", 50, 1, 100),
                integer("REDIS_BREAKER_WINDOW", 20, 1, 10_000),
                integer("REDIS_BREAKER_MIN_CALLS", 10, 1, 10_000),
                Duration.ofMillis(integer("REDIS_BREAKER_OPEN_MS", 2000, 1, 3_600_000)),
                keyPrefix(),
                waitReplicas(),
                readFromReplicas());
        JobcacheConfig.JobsDb jobsDb = new JobcacheConfig.JobsDb(
                jdbcUrl(),
                settings.get("JOBS_DB_USER").orElse(null),
                settings.get("JOBS_DB_PASSWORD").orElse(null),
                (long) integer("JOBS_MAX_RESULT_MB", 10, 1, 1024) * MB);
        JobcacheConfig.Logs logs = new JobcacheConfig.Logs(
                LogFormat.parse("LOG_FORMAT", text("LOG_FORMAT", "text")),
                bool("ACCESS_LOG", true));
        return new JobcacheConfig(http, cache, redis, jobsDb, auth(), logs, warming(cache));
    }

    private String text(String name, String fallback) {
        return settings.get(name).orElse(fallback);
    }

    private int integer(String name, int fallback, int min, int max) {
        String raw = settings.get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the allowed range
        }
        throw new ConfigError(name, raw, "expected a whole number from " + min + " to " + max);
    }

    private boolean bool(String name, boolean fallback) {
        String raw = settings.get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        // exactly what the message says, so that a reader of the configuration never has to guess what 'on' meant
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigError(name, raw, "expected true or false");
        };
    }

    private String jdbcUrl() {
        String url = text("JOBS_DB_URL", DEFAULT_DB_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigError("JOBS_DB_URL", url, "expected a jdbc:h2: or jdbc:postgresql:// URL");
        }
        return url;
    }

    /**
     * An IP address, or a name that resolves now: listening on a name that does not resolve fails later, and a
     * malformed address such as {@code 999.1.1.1} is no host name either (whose last label is never all digits).
     * IPv6 addresses come back in brackets, ready for a URI.
     */
    private String host() {
        String host = text("HTTP_HOST", "0.0.0.0");
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            if (!IPV4.matcher(host).matches()) {
                throw new ConfigError("HTTP_HOST", host, EXPECTED_HOST);
            }
            return host;
        }
        if (host.contains(":")) {
            Matcher ipv6 = IPV6.matcher(host);
            if (ipv6.matches()) {
                String address = ipv6.group(1) != null ? ipv6.group(1) : ipv6.group(2);
                try {
                    // a literal with a colon is parsed, never looked up
                    InetAddress.getByName(address);
                    return "[" + address + "]";
                } catch (UnknownHostException e) {
                    // not an IPv6 address: reported below
                }
            }
            throw new ConfigError("HTTP_HOST", host, EXPECTED_HOST);
        }
        if (!HOST_NAME.matcher(host).matches()) {
            throw new ConfigError("HTTP_HOST", host, EXPECTED_HOST);
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigError("HTTP_HOST", host, "does not resolve to an address; " + EXPECTED_HOST);
        }
        return host;
    }

    private String redisUrl() {
        String url = text("REDIS_URL", "redis://127.0.0.1:6379/0");
        boolean single = url.startsWith("redis://") || url.startsWith("rediss://");
        boolean several = url.startsWith("redis-sentinel://") || url.startsWith("redis-cluster://")
                || url.startsWith("rediss-cluster://");
        if (!(single || several) || url.contains(" ") || (single && url.contains(","))) {
            throw new ConfigError("REDIS_URL", withoutCredentials(url),
                    "expected redis://host:port/db, rediss://..., redis-sentinel://host:port[,host:port]/db#primary"
                            + " or redis-cluster://host:port,host:port,...");
        }
        return url;
    }

    private int waitReplicas() {
        String raw = text("REDIS_WAIT_REPLICAS", "auto");
        if (raw.equals("auto")) {
            return -1;
        }
        if (raw.matches("[0-9]{1,2}") && Integer.parseInt(raw) <= 16) {
            return Integer.parseInt(raw);
        }
        throw new ConfigError("REDIS_WAIT_REPLICAS", raw, "expected auto or a number of replicas from 0 to 16");
    }

    private boolean readFromReplicas() {
        String raw = text("REDIS_READ_FROM", "master");
        return switch (raw) {
            case "master" -> false;
            case "replica-preferred" -> {
                // the Redis adapter refuses this too, at connect time and naming neither variable
                boolean oneServer = redisUrl().startsWith("redis://") || redisUrl().startsWith("rediss://");
                if (waitReplicas() == 0 || (waitReplicas() < 0 && oneServer)) {
                    throw new ConfigError("REDIS_READ_FROM", raw, "replica-preferred needs REDIS_WAIT_REPLICAS of 1 or"
                            + " more (auto is 0 on one server): a replica could serve what an acknowledged write removed");
                }
                yield true;
            }
            default -> throw new ConfigError("REDIS_READ_FROM", raw, "expected master or replica-preferred");
        };
    }

    /** A URL fit for logs and error messages: {@code redis://user:secret@host} becomes {@code redis://***@host}. */
    static String withoutCredentials(String url) {
        return url.replaceAll("(?<=://)[^@/]*@", "***@");
    }

    private String keyPrefix() {
        String prefix = text("REDIS_KEY_PREFIX", "jobcache:v1:");
        if (!prefix.matches("[A-Za-z0-9:._-]{1,64}")) {
            throw new ConfigError("REDIS_KEY_PREFIX", prefix, "expected 1 to 64 letters, digits, ':', '.', '_' or '-'");
        }
        return prefix;
    }

    private Map<String, Duration> routeTtls() {
        String raw = settings.get("CACHE_ROUTE_TTLS").orElse(null);
        Map<String, Duration> ttls = new LinkedHashMap<>();
        if (raw == null) {
            return ttls;
        }
        String expected = "expected route=seconds pairs separated by commas, routes among "
                + RoutePolicies.configurableRoutes() + " (0 turns caching off)";
        for (String pair : raw.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2 || !RoutePolicies.configurableRoutes().contains(parts[0].trim())) {
                throw new ConfigError("CACHE_ROUTE_TTLS", raw, expected);
            }
            try {
                long seconds = Long.parseLong(parts[1].trim());
                if (seconds < 0 || seconds > 31_536_000) {
                    throw new ConfigError("CACHE_ROUTE_TTLS", raw, expected);
                }
                ttls.put(parts[0].trim(), Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw new ConfigError("CACHE_ROUTE_TTLS", raw, expected);
            }
        }
        return ttls;
    }

    /**
     * Public routes only: start-up warming has no user to load a per-user route for. {@code none} turns it off (a
     * blank value counts as unset, like every setting).
     */
    private List<String> warmRoutes() {
        String raw = text("CACHE_WARM_ROUTES", "/health,/version");
        List<String> routes = new ArrayList<>();
        if (raw.equalsIgnoreCase("none")) {
            return routes;
        }
        for (String route : raw.split(",")) {
            if (!route.isBlank()) {
                routes.add(route.trim());
            }
        }
        if (routes.isEmpty()) {
            return routes;
        }
        String expected = "expected public routes separated by commas, e.g. /health,/version, or none";
        try {
            CacheWarmer.validRoutes(routes);
        } catch (InvalidInput e) {
            throw new ConfigError("CACHE_WARM_ROUTES", raw, expected + "; " + e.getMessage());
        }
        RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(1), Duration.ZERO, Map.of());
        for (String route : routes) {
            if (policies.match(route.split("\\?", 2)[0]).policy().perUser()) {
                throw new ConfigError("CACHE_WARM_ROUTES", raw, expected + "; " + route + " is per user");
            }
        }
        return routes;
    }

    /** Every mode's values are checked, also of a mode left off, so that switching it on later finds no surprise. */
    private JobcacheConfig.Warming warming(JobcacheConfig.Cache cache) {
        String schedule = text("CACHE_WARM_SCHEDULE", "none");
        WarmSchedule parsed;
        try {
            parsed = WarmSchedule.parse(schedule, RoutePolicies.defaults(cache.defaultTtl(), cache.staleGrace(),
                    cache.routeTtls()));
        } catch (InvalidInput e) {
            throw new ConfigError("CACHE_WARM_SCHEDULE", schedule, "expected " + WarmSchedule.SYNTAX + "; "
                    + e.reason());
        }
        boolean idle = bool("CACHE_WARM_IDLE", false);
        IdleWarming.Settings idleSettings = new IdleWarming.Settings(
                integer("CACHE_WARM_IDLE_BELOW_RPS", 5, 1, 1_000_000),
                Duration.ofSeconds(integer("CACHE_WARM_IDLE_AFTER_SECONDS", 30, 1, 86_400)),
                integer("CACHE_WARM_IDLE_LOADS_PER_SECOND", 5, 1, 50),
                integer("CACHE_WARM_IDLE_MAX_ENTRIES", 200, 1, 10_000),
                Duration.ofSeconds(integer("CACHE_WARM_IDLE_WINDOW_SECONDS", 300, 1, 86_400)));
        boolean users = bool("CACHE_WARM_USERS", false);
        UserWarming.Settings userSettings = new UserWarming.Settings(
                integer("CACHE_WARM_USERS_MAX", 100, 1, 10_000),
                Duration.ofSeconds(integer("CACHE_WARM_USERS_INACTIVE_SECONDS", 900, 1, 86_400)),
                integer("CACHE_WARM_USERS_LOADS_PER_SECOND", 5, 1, 50));
        return new JobcacheConfig.Warming(parsed, idle ? Optional.of(idleSettings) : Optional.empty(),
                users ? Optional.of(userSettings) : Optional.empty());
    }

    private JobcacheConfig.Auth auth() {
        String users = settings.get("AUTH_TOKENS").orElse(null);
        String admins = settings.get("ADMIN_TOKENS").orElse(null);
        if (users == null && admins == null) {
            return new JobcacheConfig.Auth(Map.of(
                    newToken(), Principal.user("user"),
                    newToken(), Principal.admin("admin")), true);
        }
        Map<String, Principal> tokens = new HashMap<>();
        if (users != null) {
            for (String entry : users.split(",")) {
                String[] parts = entry.trim().split(":", 2);
                if (parts.length != 2) {
                    throw new ConfigError("AUTH_TOKENS", "(hidden)", "expected user:token pairs separated by commas");
                }
                add(tokens, "AUTH_TOKENS", parts[1].trim(), user("AUTH_TOKENS", parts[0].trim(), false));
            }
        }
        if (admins != null) {
            for (String entry : admins.split(",")) {
                String[] parts = entry.trim().split(":", 2);
                String name = parts.length == 2 ? parts[0].trim() : "admin";
                String token = parts.length == 2 ? parts[1].trim() : parts[0].trim();
                add(tokens, "ADMIN_TOKENS", token, user("ADMIN_TOKENS", name, true));
            }
        }
        return new JobcacheConfig.Auth(tokens, false);
    }

    private static Principal user(String variable, String name, boolean admin) {
        if (!OwnerId.isValid(name)) {
            throw new ConfigError(variable, "(hidden)",
                    "user names are 1 to 64 letters, digits, '.', '_' or '-'; got '" + name + "'");
        }
        return admin ? Principal.admin(name) : Principal.user(name);
    }

    private static void add(Map<String, Principal> tokens, String variable, String token, Principal principal) {
        // token values never appear in messages: a config error goes to logs
        if (!TOKEN.matcher(token).matches()) {
            throw new ConfigError(variable, "(hidden)", "each token must be 12 to 256 characters of letters, digits or ._~+/=- (token of "
                    + principal.userId() + ")");
        }
        if (tokens.putIfAbsent(token, principal) != null) {
            throw new ConfigError(variable, "(hidden)", "a token is listed twice (token of " + principal.userId() + ")");
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One jobcache process, {@code java <JVM_FLAGS> -jar <jar>}, configured only through its environment, working in the
 * run's temporary directory (so that no {@code ./jobcache.properties} of the caller's is read) and ready once
 * {@code GET /health} answers 200.
 */
final class ServiceProcess implements AutoCloseable {

    /** Prefixes of the variables jobcache reads: inherited ones are dropped so the caller's shell cannot skew a case. */
    private static final List<String> OWN_PREFIXES = List.of(
            "HTTP_", "CACHE_", "REDIS_", "JOBS_", "AUTH_TOKENS", "ADMIN_TOKENS", "SHUTDOWN_", "JOBCACHE_");

    private final HttpProcess process;
    private final ApiClient api;
    private final Users users;
    private final Map<String, String> settings;

    private ServiceProcess(HttpProcess process, Users users, Map<String, String> settings) {
        this.process = process;
        this.api = new ApiClient(process.base());
        this.users = users;
        this.settings = settings;
    }

    /**
     * @param name  names the log file and the process in messages
     * @param extra further variables, e.g. {@code HTTP_FAST_PATH=false}
     */
    static ServiceProcess start(Workspace workspace, ChildProcesses children, Path jar, Users users, String name,
                                String backend, Database database, String redisUrl, Map<String, String> extra) {
        int port = Workspace.freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("HTTP_HOST", "127.0.0.1");
        settings.put("HTTP_PORT", Integer.toString(port));
        settings.put("CACHE_BACKEND", backend);
        settings.put("REDIS_URL", redisUrl);
        settings.put("JOBS_DB_URL", database.jdbcUrl());
        if (database.user() != null) {
            settings.put("JOBS_DB_USER", database.user());
        }
        settings.put("CACHE_WARM_ROUTES", "none");
        // only how long a stopped case waits for requests in flight; there are none by then
        settings.put("SHUTDOWN_GRACE_SECONDS", "2");
        settings.putAll(extra);
        Map<String, String> withSecrets = new LinkedHashMap<>(settings);
        withSecrets.put("AUTH_TOKENS", users.authTokens());
        withSecrets.put("ADMIN_TOKENS", users.adminToken());
        HttpProcess process = HttpProcess.start(children, name, workspace.jvm("-jar", jar.toString()), environment -> {
            environment.keySet().removeIf(variable -> OWN_PREFIXES.stream().anyMatch(variable::startsWith));
            environment.putAll(withSecrets);
        }, workspace.directory(), port, "/health");
        return new ServiceProcess(process, users, settings);
    }

    HttpProcess process() {
        return process;
    }

    ApiClient api() {
        return api;
    }

    /** The environment it was started with, tokens left out. */
    Map<String, String> settings() {
        return settings;
    }

    /** {@code GET /admin/cache/stats}. */
    CacheStats stats() {
        return new CacheStats(api.getJson("/admin/cache/stats", users.adminToken()));
    }

    /** {@code GET /admin/cache/performance}. */
    JsonNode performance() {
        return api.getJson("/admin/cache/performance", users.adminToken());
    }

    /** The version {@code GET /version} reports. */
    String version() {
        return api.getJson("/version", null).path("version").asText("unknown");
    }

    @Override
    public void close() {
        process.close();
    }
}

package dev.jobcache.bootstrap.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where responses are cached ({@code CACHE_BACKEND}). */
public enum CacheBackend {
    CAFFEINE("caffeine"),
    REDIS("redis"),
    TWO_TIER("two-tier"),
    NONE("none");

    private final String configName;

    CacheBackend(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static CacheBackend parse(String variable, String raw) {
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(b -> b.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new ConfigError(variable, raw, "expected one of "
                        + Arrays.stream(values()).map(CacheBackend::configName).collect(Collectors.joining(", "))));
    }
}

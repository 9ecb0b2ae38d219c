package dev.jobcache.bootstrap.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How log lines are written to standard output ({@code LOG_FORMAT}). */
public enum LogFormat {
    /** One line of text per event, for people reading a terminal. */
    TEXT("text"),
    /** One JSON object per line, for log collectors. */
    JSON("json");

    private final String configName;

    LogFormat(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static LogFormat parse(String variable, String raw) {
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> format.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new ConfigError(variable, raw, "expected one of "
                        + Arrays.stream(values()).map(LogFormat::configName).collect(Collectors.joining(", "))));
    }
}

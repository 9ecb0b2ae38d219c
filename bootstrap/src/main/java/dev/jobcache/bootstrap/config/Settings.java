package dev.jobcache.bootstrap.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Raw configuration values, looked up in order: {@code -D} system properties, environment variables, then the
 * properties file. Names are the environment variable names everywhere.
 */
final class Settings {

    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Map<String, String> file;

    Settings(Map<String, String> systemProperties, Map<String, String> environment, Map<String, String> file) {
        this.systemProperties = Objects.requireNonNull(systemProperties);
        this.environment = Objects.requireNonNull(environment);
        this.file = Objects.requireNonNull(file);
    }

    /** @throws IllegalStateException for a name not in {@link KnownSettings#NAMES}, so that the list cannot drift */
    Optional<String> get(String name) {
        if (!KnownSettings.isKnown(name)) {
            throw new IllegalStateException(name + " is read but not in KnownSettings.NAMES: add it there and to"
                    + " README's configuration table");
        }
        return first(systemProperties.get(name))
                .or(() -> first(environment.get(name)))
                .or(() -> first(file.get(name)));
    }

    private static Optional<String> first(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}

package dev.jobcache.bootstrap.config;

/** A configuration value that stops start-up. Its message is the one line an operator needs to fix it. */
public final class ConfigError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigError(String variable, String value, String expected) {
        super(variable + "=" + value + ": " + expected);
    }
}

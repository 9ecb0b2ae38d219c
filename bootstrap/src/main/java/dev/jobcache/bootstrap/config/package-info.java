/**
 * Configuration: read once from the environment, {@code -D} properties and an optional properties file into
 * immutable records, validated before anything starts. A bad value is a {@link dev.jobcache.bootstrap.config.ConfigError}
 * naming the variable, the value and what is allowed.
 */
package dev.jobcache.bootstrap.config;

/**
 * Configuration: read once from the environment, {@code -D} properties and an optional properties file into
 * immutable records, validated before anything starts, under the names of {@link dev.jobcache.bootstrap.config.KnownSettings}
 * only. A bad value is a {@link dev.jobcache.bootstrap.config.ConfigError} naming the variable, the value and what is
 * allowed; a value start-up could not use is an {@link dev.jobcache.bootstrap.config.UnusableSetting}.
 */
package dev.jobcache.bootstrap.config;

/**
 * The use cases. Plain, final classes wired with {@code new} by the bootstrap; they are the application's driving
 * API, so there are no use-case interfaces. Depends on the domain and SLF4J only.
 */
package dev.jobcache.application;

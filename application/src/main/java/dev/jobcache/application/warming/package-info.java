/**
 * Cache warming: loads routes into the cache through a {@link dev.jobcache.domain.port.RouteLoader}, that is
 * through the same cache filter and policies as a client's request, once per given user for per-user routes.
 */
package dev.jobcache.application.warming;

/**
 * The HTTP adapter on Jersey: resources for jobs, the user, health and version; the authentication and response-cache
 * filters that run before resource matching; RFC 9457 problem responses for every failure. Resources call the
 * application's use cases only; they never reach a store or repository directly, so nothing bypasses the cache
 * rules or the invalidation rules. {@link dev.jobcache.adapters.rest.RestApi} is the one public entry point.
 */
package dev.jobcache.adapters.rest;

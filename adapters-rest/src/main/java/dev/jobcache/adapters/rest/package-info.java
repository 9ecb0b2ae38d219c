/**
 * The HTTP adapter, the whole HTTP edge: resources for jobs, the user, health and version on Jersey; the
 * authentication filter that runs before resource matching; RFC 9457 problem responses for every failure; the edge
 * in front of Grizzly's parser ({@code StrictHttpFraming}, {@code BodyAdmission}); and the cache edge in
 * {@link dev.jobcache.adapters.rest.cache}. Grizzly is allowed here for the edge and the hit handler; Jersey's
 * resource matching and entity writing are what a hit should not pay for.
 * Resources call the application's use cases only; they never reach a store or repository directly, so nothing
 * bypasses the cache rules or the invalidation rules. {@link dev.jobcache.adapters.rest.RestApi} is the entry point
 * the wiring uses.
 */
package dev.jobcache.adapters.rest;

/**
 * The HTTP adapter, the whole HTTP edge: resources for jobs, the user, health and version on Jersey; the
 * authentication and response-cache filters that run before resource matching; RFC 9457 problem responses for every
 * failure; and the Grizzly handler in front of Jersey that answers fresh cache hits itself (through the same
 * application service, with the same rules, bytes and headers) and leaves every other request to Jersey. Grizzly is
 * allowed here for that handler; Jersey's resource matching and entity writing are what a hit should not pay for.
 * Resources call the application's use cases only; they never reach a store or repository directly, so nothing
 * bypasses the cache rules or the invalidation rules. {@link dev.jobcache.adapters.rest.RestApi} is the one public
 * entry point.
 */
package dev.jobcache.adapters.rest;

/**
 * What the HTTP edge counts of the requests it answers ({@code ServedRequests}): method, route template
 * ({@code RouteTemplates}, learned from Jersey's resource model), status and latency, handed to the
 * {@code RequestMetrics} port once each response is complete, whichever handler and thread answered it. Apart from
 * the rest of the adapter so that both the cache edge and Jersey's handler can use it without a package cycle.
 */
package dev.jobcache.adapters.rest.metrics;

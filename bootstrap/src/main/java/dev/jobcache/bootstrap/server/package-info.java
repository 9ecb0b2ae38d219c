/**
 * The HTTP server: Grizzly serving the Jersey application, started and stopped in an order that loses no
 * acknowledged request (stop accepting, drain in-flight requests, then close stores and pools).
 */
package dev.jobcache.bootstrap.server;

/** Whether this instance can serve, for readiness probes. */
package dev.jobcache.application.readiness;

/**
 * The driven ports: what the application needs from the outside world, in the domain's words. Interfaces only
 * (their value types live in the model packages). Every real adapter and every testkit fake of a port passes the
 * port's contract suite in {@code testkit}.
 */
package dev.jobcache.domain.port;

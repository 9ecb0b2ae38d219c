/**
 * Thread-safe fakes of the domain ports, each verified by the port's contract in
 * {@link dev.jobcache.testkit.contract}, plus switches the real adapters do not have (fail, pause, drop messages,
 * lose contact, move time) so that tests can provoke failures without sleeping, and a forwarding store to extend
 * when a test needs one call to behave otherwise. Nothing here belongs in production wiring.
 */
package dev.jobcache.testkit.fake;

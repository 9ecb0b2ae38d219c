/**
 * In-memory implementations of the domain's ports. Each one passes the same contract suite as the real adapters,
 * so a test that uses a fake tests against the port's documented behaviour, not against a mock's guesses.
 */
package dev.jobcache.testkit.fake;

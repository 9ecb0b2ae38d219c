/**
 * The composition root: reads and validates configuration, builds the adapters it names with {@code new}, wires
 * them into the use cases and serves them on Grizzly. The only module that knows which adapter is in use.
 */
package dev.jobcache.bootstrap;

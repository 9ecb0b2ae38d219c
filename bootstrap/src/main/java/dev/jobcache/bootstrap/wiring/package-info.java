/**
 * Wiring: the one {@code switch} on the configured backend, and the construction of every application object with
 * {@code new}. No classpath scanning, no annotations: what runs is what is written here.
 */
package dev.jobcache.bootstrap.wiring;

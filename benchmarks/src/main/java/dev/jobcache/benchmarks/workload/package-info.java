/**
 * The hit-ratio workload that {@code benchmarks/hit-ratio} runs against each backend: Zipf-distributed reads and a
 * configurable share of writes over many users, every cached route's hit ratio beside that of an ideal cache which
 * is invalidated only when a body really changed.
 */
package dev.jobcache.benchmarks.workload;

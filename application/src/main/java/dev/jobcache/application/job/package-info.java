/**
 * The job use cases: commands that change jobs and raise a {@link dev.jobcache.domain.job.JobEvent} once the
 * repository write has succeeded, and queries that only read. Every use case takes the caller's principal and
 * answers "not found" for jobs of other users.
 */
package dev.jobcache.application.job;

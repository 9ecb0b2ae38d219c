/**
 * The job model: a {@link dev.jobcache.domain.job.Job} owned by one user, its status state machine, the events
 * raised after a job changes, and the filter and cursor types used to list jobs a page at a time.
 */
package dev.jobcache.domain.job;

package dev.jobcache.adapters.rest;

import dev.jobcache.domain.job.JobStatus;

/** The body of {@code PATCH /jobs/{id}}: any of status, progress and error. */
record JobUpdateJson(JobStatus status, Integer progress, String error) {
}

package dev.jobcache.application.job;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobResult;

/** A completed job's result, with its metadata. The content array is the caller's to keep. */
public record JobDownload(Job job, JobResult result, byte[] content) {
}

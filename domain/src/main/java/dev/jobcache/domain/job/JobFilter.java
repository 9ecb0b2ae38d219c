package dev.jobcache.domain.job;

import java.util.Optional;

/** Which of an owner's jobs to list. An empty status means every status. */
public record JobFilter(Optional<JobStatus> status) {

    public JobFilter {
        status = status == null ? Optional.empty() : status;
    }

    public static JobFilter all() {
        return new JobFilter(Optional.empty());
    }

    public static JobFilter withStatus(JobStatus status) {
        return new JobFilter(Optional.of(status));
    }

    public boolean accepts(Job job) {
        return status.map(s -> s == job.status()).orElse(true);
    }
}

package dev.jobcache.application.job;

import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.security.Principal;

import java.util.Map;

/** Who the caller is and how many jobs they have in each status (every status present, zero when none). */
public record UserProfile(Principal principal, Map<JobStatus, Long> jobsByStatus) {

    public UserProfile {
        jobsByStatus = Map.copyOf(jobsByStatus);
    }

    public long totalJobs() {
        return jobsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}

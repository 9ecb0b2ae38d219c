package dev.jobcache.application.job;

import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobNotFound;
import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.domain.security.Principal;

/** Finds a job for its owner; the one place that decides that a stranger's job looks missing. */
final class JobLookup {

    private JobLookup() {
    }

    static Job ownedBy(JobRepository repository, Principal caller, String rawId) {
        JobId id = JobId.parse(rawId).orElseThrow(() -> new JobNotFound(String.valueOf(rawId)));
        return repository.find(id)
                .filter(job -> job.isOwnedBy(caller.asOwner()))
                .orElseThrow(() -> new JobNotFound(id.value()));
    }
}

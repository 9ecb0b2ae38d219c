package dev.archfixture.good.application;

import dev.archfixture.good.domain.cache.Entry;
import dev.archfixture.good.domain.job.Job;
import dev.archfixture.good.domain.port.CacheStore;
import dev.archfixture.good.domain.port.Clock;
import dev.archfixture.good.domain.port.JobRepository;

import java.util.Optional;

/** Fixture: a use case driving the ports. */
public final class JobQueries {

    private final JobRepository jobs;
    private final CacheStore cache;
    private final Clock clock;

    public JobQueries(JobRepository jobs, CacheStore cache, Clock clock) {
        this.jobs = jobs;
        this.cache = cache;
        this.clock = clock;
    }

    public Optional<Job> get(String id) {
        return cache.get(id).map(Entry::job).or(() -> jobs.find(id)).map(job -> new Entry(job, clock.now()).job());
    }
}

package dev.archfixture.good.domain.port;

import dev.archfixture.good.domain.job.Job;

import java.util.Optional;

/** Fixture: a port. */
public interface JobRepository {

    Optional<Job> find(String id);
}

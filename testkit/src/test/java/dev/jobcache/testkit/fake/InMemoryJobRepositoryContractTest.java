package dev.jobcache.testkit.fake;

import dev.jobcache.domain.port.JobRepository;
import dev.jobcache.testkit.contract.JobRepositoryContract;

/** Runs {@link JobRepositoryContract} against {@link InMemoryJobRepository}. */
class InMemoryJobRepositoryContractTest extends JobRepositoryContract {

    @Override
    protected JobRepository newRepository() {
        return new InMemoryJobRepository();
    }
}

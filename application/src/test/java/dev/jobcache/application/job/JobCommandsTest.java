package dev.jobcache.application.job;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.domain.job.ConcurrentJobChange;
import dev.jobcache.domain.job.IllegalJobTransition;
import dev.jobcache.domain.job.Job;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobNotFound;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.testkit.fake.InMemoryJobRepository;
import dev.jobcache.testkit.fake.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link JobCommands} and {@link JobQueries}: validation, ownership, and events after writes. */
class JobCommandsTest {

    private static final Principal ALICE = Principal.user("alice");
    private static final Principal BOB = Principal.user("bob");

    private final MutableClock clock = new MutableClock();
    private final InMemoryJobRepository repository = new InMemoryJobRepository();
    private final List<JobEvent> events = new ArrayList<>();
    private final JobCommands commands = new JobCommands(repository, clock, this::raisedAfterWrite, 1024);
    private final JobQueries queries = new JobQueries(repository);

    private void raisedAfterWrite(JobEvent event) {
        // the repository must already hold the change when the event is raised
        if (!(event instanceof JobEvent.Deleted)) {
            assertThat(repository.find(event.jobId())).isPresent();
        } else {
            assertThat(repository.find(event.jobId())).isEmpty();
        }
        events.add(event);
    }

    @Test
    void submitsAQueuedJobAndRaisesCreatedAfterSavingIt() {
        Job job = commands.submit(ALICE, "render", "{\"frames\":3}");

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queries.get(ALICE, job.id().value())).isEqualTo(job);
        assertThat(events).containsExactly(new JobEvent.Created(job.id(), job.owner()));
    }

    @Test
    void refusesAJobWithoutAValidTypeNamingTheField() {
        assertThatThrownBy(() -> commands.submit(ALICE, null, "{}"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("type"));
        assertThatThrownBy(() -> commands.submit(ALICE, "has spaces", "{}"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("type"));
        assertThat(events).isEmpty();
    }

    @Test
    void answersAnotherUsersJobAsNotFound() {
        Job job = commands.submit(ALICE, "render", null);

        assertThatThrownBy(() -> queries.get(BOB, job.id().value())).isInstanceOf(JobNotFound.class);
        assertThatThrownBy(() -> commands.update(BOB, job.id().value(), JobStatus.RUNNING, null, null))
                .isInstanceOf(JobNotFound.class);
        assertThatThrownBy(() -> commands.delete(BOB, job.id().value())).isInstanceOf(JobNotFound.class);
    }

    @Test
    void raisesStatusChangedWithBothStates() {
        Job job = commands.submit(ALICE, "render", null);

        commands.update(ALICE, job.id().value(), JobStatus.RUNNING, 20, null);

        assertThat(events).last().isEqualTo(
                new JobEvent.StatusChanged(job.id(), job.owner(), JobStatus.QUEUED, JobStatus.RUNNING));
    }

    @Test
    void refusesAWriteBasedOnAJobThatChangedMeanwhile() {
        Job job = commands.submit(ALICE, "render", null);
        commands.update(ALICE, job.id().value(), JobStatus.RUNNING, null, null);
        Job running = queries.get(ALICE, job.id().value());
        repository.replace(running, running.moveTo(JobStatus.COMPLETED, null, null, clock.now()));
        JobCommands staleWriter = new JobCommands(new StaleReadRepository(repository, running), clock, this::raisedAfterWrite, 1024);
        events.clear();

        assertThatThrownBy(() -> staleWriter.update(ALICE, job.id().value(), null, 90, null))
                .isInstanceOf(ConcurrentJobChange.class);
        assertThat(queries.get(ALICE, job.id().value()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(events).isEmpty();
    }

    @Test
    void raisesNothingWhenTheStateMachineRefuses() {
        Job job = commands.submit(ALICE, "render", null);
        events.clear();

        assertThatThrownBy(() -> commands.update(ALICE, job.id().value(), JobStatus.COMPLETED, null, null))
                .isInstanceOf(IllegalJobTransition.class);
        assertThat(events).isEmpty();
    }

    @Test
    void acceptsAnErrorOnlyWithFailed() {
        Job job = commands.submit(ALICE, "render", null);
        commands.update(ALICE, job.id().value(), JobStatus.RUNNING, null, null);

        assertThatThrownBy(() -> commands.update(ALICE, job.id().value(), null, null, "boom"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("error"));
        Job failed = commands.update(ALICE, job.id().value(), JobStatus.FAILED, null, "boom");
        assertThat(failed.error()).isEqualTo("boom");
    }

    @Test
    void refusesProgressOutOfRange() {
        Job job = commands.submit(ALICE, "render", null);

        assertThatThrownBy(() -> commands.update(ALICE, job.id().value(), null, 101, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("progress"));
    }

    @Test
    void servesTheResultOnlyOnceTheJobCompleted() {
        Job job = commands.submit(ALICE, "render", null);
        commands.update(ALICE, job.id().value(), JobStatus.RUNNING, null, null);
        commands.uploadResult(ALICE, job.id().value(), "text/plain", "done".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> queries.download(ALICE, job.id().value())).isInstanceOf(ResultNotAvailable.class);
        commands.update(ALICE, job.id().value(), JobStatus.COMPLETED, null, null);
        JobDownload download = queries.download(ALICE, job.id().value());

        assertThat(download.content()).asString(StandardCharsets.UTF_8).isEqualTo("done");
        assertThat(download.result().contentType()).isEqualTo("text/plain");
        assertThat(download.result().sizeBytes()).isEqualTo(4);
    }

    @Test
    void refusesAResultOverTheLimit() {
        Job job = commands.submit(ALICE, "render", null);
        commands.update(ALICE, job.id().value(), JobStatus.RUNNING, null, null);

        assertThatThrownBy(() -> commands.uploadResult(ALICE, job.id().value(), "text/plain", new byte[1025]))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("body"));
    }

    @Test
    void deletesAndRaisesDeletedAfterwards() {
        Job job = commands.submit(ALICE, "render", null);

        commands.delete(ALICE, job.id().value());

        assertThat(events).last().isEqualTo(new JobEvent.Deleted(job.id(), job.owner()));
        assertThatThrownBy(() -> queries.get(ALICE, job.id().value())).isInstanceOf(JobNotFound.class);
    }

    /** A repository whose reads return a job as it was earlier, as a concurrent writer would have read it. */
    private static final class StaleReadRepository implements dev.jobcache.domain.port.JobRepository {
        private final InMemoryJobRepository delegate;
        private final Job staleRead;

        StaleReadRepository(InMemoryJobRepository delegate, Job staleRead) {
            this.delegate = delegate;
            this.staleRead = staleRead;
        }

        @Override
        public void save(Job job) {
            delegate.save(job);
        }

        @Override
        public boolean replace(Job expected, Job updated) {
            return delegate.replace(expected, updated);
        }

        @Override
        public java.util.Optional<Job> find(dev.jobcache.domain.job.JobId id) {
            return java.util.Optional.of(staleRead);
        }

        @Override
        public dev.jobcache.domain.job.Page<Job> list(dev.jobcache.domain.job.OwnerId owner,
                                                       dev.jobcache.domain.job.JobFilter filter,
                                                       dev.jobcache.domain.job.PageRequest page) {
            return delegate.list(owner, filter, page);
        }

        @Override
        public boolean answers() {
            return delegate.answers();
        }

        @Override
        public java.util.Map<JobStatus, Long> countByStatus(dev.jobcache.domain.job.OwnerId owner) {
            return delegate.countByStatus(owner);
        }

        @Override
        public boolean delete(dev.jobcache.domain.job.JobId id) {
            return delegate.delete(id);
        }

        @Override
        public void saveResult(dev.jobcache.domain.job.JobId id, byte[] content) {
            delegate.saveResult(id, content);
        }

        @Override
        public java.util.Optional<byte[]> loadResult(dev.jobcache.domain.job.JobId id) {
            return delegate.loadResult(id);
        }
    }

    @Test
    void countsJobsPerStatusIncludingEmptyOnes() {
        commands.submit(ALICE, "render", null);

        UserProfile profile = queries.profile(ALICE);

        assertThat(profile.jobsByStatus()).containsEntry(JobStatus.QUEUED, 1L).containsEntry(JobStatus.FAILED, 0L);
        assertThat(profile.totalJobs()).isEqualTo(1);
    }
}

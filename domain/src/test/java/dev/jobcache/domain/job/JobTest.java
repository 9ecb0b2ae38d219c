package dev.jobcache.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Specifies how a {@link Job} changes status and takes a result. */
class JobTest {

    private static final Instant SUBMITTED = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant LATER = SUBMITTED.plus(Duration.ofMinutes(5));
    private static final JobResult RESULT = new JobResult("application/json", 12, "ab".repeat(32), LATER);

    @Test
    void aSubmittedJobIsQueuedWithNoProgress() {
        Job job = submitted();

        assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.progress()).isZero();
        assertThat(job.createdAt()).isEqualTo(SUBMITTED).isEqualTo(job.updatedAt());
        assertThat(job.resultIfUploaded()).isEmpty();
    }

    @Test
    void completingAJobSetsProgressToOneHundredWhateverWasGiven() {
        Job running = jobIn(JobStatus.RUNNING);

        Job completed = running.moveTo(JobStatus.COMPLETED, 40, null, LATER);

        assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(completed.progress()).isEqualTo(100);
        assertThat(completed.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void failingAJobKeepsTheErrorItWasGiven() {
        Job running = jobIn(JobStatus.RUNNING);

        Job failed = running.moveTo(JobStatus.FAILED, null, "disk full", LATER);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo("disk full");
    }

    @Test
    void anErrorIsDroppedUnlessTheJobFails() {
        Job running = jobIn(JobStatus.RUNNING);

        Job cancelled = running.moveTo(JobStatus.CANCELLED, null, "ignored", LATER);

        assertThat(cancelled.error()).isNull();
    }

    @Test
    void progressOfARunningJobIsUpdatedOrKept() {
        Job running = jobIn(JobStatus.RUNNING);

        Job halfway = running.moveTo(JobStatus.RUNNING, 50, null, LATER);
        Job unchanged = halfway.moveTo(JobStatus.RUNNING, null, null, LATER);

        assertThat(halfway.progress()).isEqualTo(50);
        assertThat(unchanged.progress()).isEqualTo(50);
    }

    @Test
    void aMoveKeepsIdentityOwnerAndCreationTime() {
        Job queued = submitted();

        Job running = queued.moveTo(JobStatus.RUNNING, 10, null, LATER);

        assertThat(running.id()).isEqualTo(queued.id());
        assertThat(running.owner()).isEqualTo(queued.owner());
        assertThat(running.createdAt()).isEqualTo(SUBMITTED);
    }

    @Test
    void anIllegalMoveIsRejectedWithBothStatuses() {
        Job completed = jobIn(JobStatus.COMPLETED);

        assertThatThrownBy(() -> completed.moveTo(JobStatus.RUNNING, null, null, LATER))
                .isInstanceOfSatisfying(IllegalJobTransition.class, e -> {
                    assertThat(e.from()).isEqualTo(JobStatus.COMPLETED);
                    assertThat(e.to()).isEqualTo(JobStatus.RUNNING);
                })
                .hasMessageContaining("COMPLETED").hasMessageContaining("RUNNING");
    }

    @Test
    void aQueuedJobCannotCompleteWithoutRunning() {
        Job queued = submitted();

        assertThatThrownBy(() -> queued.moveTo(JobStatus.COMPLETED, null, null, LATER))
                .isInstanceOf(IllegalJobTransition.class);
    }

    @Test
    void progressOutsideZeroToOneHundredIsRejected() {
        Job running = jobIn(JobStatus.RUNNING);

        assertThatThrownBy(() -> running.moveTo(JobStatus.RUNNING, 101, null, LATER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"RUNNING", "COMPLETED"})
    void aResultIsRecordedForARunningOrCompletedJob(JobStatus status) {
        Job job = jobIn(status);

        Job withResult = job.withResult(RESULT, LATER);

        assertThat(withResult.resultIfUploaded()).contains(RESULT);
        assertThat(withResult.status()).isEqualTo(status);
        assertThat(withResult.progress()).isEqualTo(job.progress());
        assertThat(withResult.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"QUEUED", "FAILED", "CANCELLED"})
    void aResultIsRejectedForAQueuedFailedOrCancelledJob(JobStatus status) {
        Job job = jobIn(status);

        assertThatThrownBy(() -> job.withResult(RESULT, LATER))
                .isInstanceOfSatisfying(IllegalJobTransition.class, e -> assertThat(e.from()).isEqualTo(status));
    }

    private static Job submitted() {
        return Job.submit(new JobId("job-1"), new OwnerId("alice"), "render", "{}", SUBMITTED);
    }

    private static Job jobIn(JobStatus status) {
        Job queued = submitted();
        return switch (status) {
            case QUEUED -> queued;
            case RUNNING -> queued.moveTo(JobStatus.RUNNING, 0, null, SUBMITTED);
            case CANCELLED -> queued.moveTo(JobStatus.CANCELLED, null, null, SUBMITTED);
            case COMPLETED, FAILED -> jobIn(JobStatus.RUNNING).moveTo(status, null, "boom", SUBMITTED);
        };
    }
}

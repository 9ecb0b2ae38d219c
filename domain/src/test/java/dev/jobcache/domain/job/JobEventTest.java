package dev.jobcache.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class JobEventTest {

    private static final JobId JOB = JobId.generate();
    private static final OwnerId ALICE = new OwnerId("alice");

    @Test
    void eachKindOfEventNamesItsOwnReason() {
        List<JobEvent> events = List.of(
                new JobEvent.Created(JOB, ALICE),
                new JobEvent.StatusChanged(JOB, ALICE, JobStatus.QUEUED, JobStatus.RUNNING),
                new JobEvent.ResultUploaded(JOB, ALICE),
                new JobEvent.Deleted(JOB, ALICE));

        assertThat(events).extracting(JobEvent::reason).containsExactly(
                "job-created", "job-status-changed", "job-result-uploaded", "job-deleted");
    }
}

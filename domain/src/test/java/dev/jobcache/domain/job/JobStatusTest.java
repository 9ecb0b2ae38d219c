package dev.jobcache.domain.job;

import static dev.jobcache.domain.job.JobStatus.CANCELLED;
import static dev.jobcache.domain.job.JobStatus.COMPLETED;
import static dev.jobcache.domain.job.JobStatus.FAILED;
import static dev.jobcache.domain.job.JobStatus.QUEUED;
import static dev.jobcache.domain.job.JobStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Specifies the lifecycle state machine of {@link JobStatus}. */
class JobStatusTest {

    /** Written out by hand from DESIGN.md, so that the test does not restate {@link JobStatus#allowedNext()}. */
    private static final Set<List<JobStatus>> ALLOWED = Set.of(
            List.of(QUEUED, QUEUED),
            List.of(QUEUED, RUNNING),
            List.of(QUEUED, CANCELLED),
            List.of(RUNNING, RUNNING),
            List.of(RUNNING, COMPLETED),
            List.of(RUNNING, FAILED),
            List.of(RUNNING, CANCELLED));

    static Stream<Arguments> allowedTransitions() {
        return ALLOWED.stream().map(pair -> Arguments.of(pair.get(0), pair.get(1)));
    }

    static Stream<Arguments> rejectedTransitions() {
        return Arrays.stream(JobStatus.values())
                .flatMap(from -> Arrays.stream(JobStatus.values()).map(to -> List.of(from, to)))
                .filter(pair -> !ALLOWED.contains(pair))
                .map(pair -> Arguments.of(pair.get(0), pair.get(1)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowedTransitions")
    void allowsEveryTransitionOfTheLifecycle(JobStatus from, JobStatus to) {
        boolean allowed = from.canMoveTo(to);

        assertThat(allowed).isTrue();
        assertThat(from.allowedNext()).contains(to);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rejectedTransitions")
    void rejectsEveryTransitionOutsideTheLifecycle(JobStatus from, JobStatus to) {
        boolean allowed = from.canMoveTo(to);

        assertThat(allowed).isFalse();
        assertThat(from.allowedNext()).doesNotContain(to);
    }

    @Test
    void coversAllTwentyFivePairsBetweenAllowedAndRejected() {
        long rejected = rejectedTransitions().count();

        assertThat(ALLOWED.size() + rejected).isEqualTo(25);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
    void finalStatusesAreFinalAndLeadNowhere(JobStatus status) {
        Set<JobStatus> next = status.allowedNext();

        assertThat(status.isFinal()).isTrue();
        assertThat(next).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"QUEUED", "RUNNING"})
    void activeStatusesAreNotFinalAndMayStayWhereTheyAre(JobStatus status) {
        boolean mayStay = status.canMoveTo(status);

        assertThat(status.isFinal()).isFalse();
        assertThat(mayStay).isTrue();
    }
}

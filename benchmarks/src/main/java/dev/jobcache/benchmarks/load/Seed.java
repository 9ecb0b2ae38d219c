package dev.jobcache.benchmarks.load;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The jobs a database was seeded with, per user in creation order. Which jobs each measurement touches is fixed here
 * so that the measurements do not step on each other: the {@code job} route reads a sample, propagation and the
 * stampede patch other RUNNING jobs, each its own.
 */
record Seed(String database, Map<String, List<SeededJob>> jobsByUser) {

    static final int JOBS_PER_USER = 200;
    static final int SAMPLED_PER_USER = 4;
    /** Positions of the sampled jobs in each user's list: one QUEUED, RUNNING, COMPLETED and FAILED job (see {@link Seeder}). */
    private static final int[] SAMPLED_POSITIONS = {0, 4, 6, 9};

    List<String> sampledIds(String user) {
        List<SeededJob> jobs = jobs(user);
        return Arrays.stream(SAMPLED_POSITIONS).mapToObj(i -> jobs.get(i).id()).toList();
    }

    /** The RUNNING jobs of a user that the {@code job} route does not read, oldest first. */
    List<SeededJob> spareRunningJobs(String user) {
        List<String> sampled = sampledIds(user);
        return jobs(user).stream()
                .filter(job -> job.status().equals("RUNNING") && !sampled.contains(job.id()))
                .toList();
    }

    private List<SeededJob> jobs(String user) {
        List<SeededJob> jobs = jobsByUser.get(user);
        if (jobs == null) {
            throw new IllegalArgumentException("no seeded jobs for " + user);
        }
        return jobs;
    }

    record SeededJob(String id, String status, int progress) {
    }
}

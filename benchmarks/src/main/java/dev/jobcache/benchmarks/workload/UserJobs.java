package dev.jobcache.benchmarks.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * What the driver knows of one user's jobs, so that every write it sends is one the state machine allows: a 4xx
 * answer to a write then means a bug, in the driver or the service, never an expected refusal.
 */
final class UserJobs {

    enum Status { QUEUED, RUNNING, COMPLETED }

    static final class Job {
        final String id;
        Status status = Status.QUEUED;
        int progress;
        boolean hasResult;

        Job(String id) {
            this.id = id;
        }
    }

    final String name;
    final String token;
    /**
     * Held across a write's request and the update of this state, so that two threads never send writes for one user
     * at once: the second would be judged against a state the first is changing (a 409, or a move the state machine
     * refuses). Reads do not take it; they may see either side of a write, and the oracle compares bodies anyway.
     */
    final ReentrantLock writing = new ReentrantLock();
    private final List<Job> jobs = new ArrayList<>();  // oldest first, as submitted
    private String secondPageCursor;

    UserJobs(String name, String token) {
        this.name = name;
        this.token = token;
    }

    synchronized void submitted(String id) {
        jobs.add(new Job(id));
    }

    synchronized void deleted(Job job) {
        jobs.remove(job);
    }

    synchronized void changed(Job job, Status status, int progress, boolean hasResult) {
        job.status = status;
        job.progress = progress;
        job.hasResult = hasResult;
    }

    synchronized List<Job> all() {
        return List.copyOf(jobs);
    }

    /** A job matching {@code which}, chosen by Zipf over recency (the newest most often); null when none match. */
    synchronized Job recent(Predicate<Job> which, Zipf zipf, Random random) {
        List<Job> newestFirst = new ArrayList<>();
        for (int i = jobs.size() - 1; i >= 0; i--) {
            if (which.test(jobs.get(i))) {
                newestFirst.add(jobs.get(i));
            }
        }
        return newestFirst.isEmpty() ? null : newestFirst.get(zipf.rank(random, newestFirst.size()));
    }

    /** Users clean up their oldest finished work first. */
    synchronized Job oldestCompleted() {
        return jobs.stream().filter(job -> job.status == Status.COMPLETED).findFirst().orElse(null);
    }

    synchronized String secondPageCursor() {
        return secondPageCursor;
    }

    synchronized void firstPageSeen(String nextCursor) {
        secondPageCursor = nextCursor;
    }
}

package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A cold key hit by many clients at once on two instances: how many of those requests reached the origin. Per
 * repetition a job that nobody has read is patched on A (its entries are invalidated, if it had any), then
 * {@code perInstance} GETs of it on each instance, on connections opened beforehand, are released together by a
 * latch. Origin calls are the increase of both instances' misses for {@code /jobs/{id}} (jobcache counts a miss
 * once per origin call, when the answer is handed to the cache).
 */
final class Stampede {

    private Stampede() {
    }

    static Result measure(ServiceProcess a, ServiceProcess b, Users users, Seed seed, int repetitions, int perInstance) {
        List<Repetition> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2 * perInstance);
        try {
            for (int repetition = 0; repetition < repetitions; repetition++) {
                Users.User user = users.all().get((repetition * 7) % users.all().size());
                // the first four spare jobs of every user are propagation's; these are read by nobody before
                Seed.SeededJob job = seed.spareRunningJobs(user.name()).get(4 + repetition);
                done.add(once(pool, a, b, user, job, perInstance));
            }
        } finally {
            pool.shutdownNow();
        }
        double[] calls = done.stream().mapToDouble(Repetition::originCalls).toArray();
        Map<String, Integer> answers = new TreeMap<>();
        done.forEach(r -> r.answers().forEach((key, count) -> answers.merge(key, count, Integer::sum)));
        double median = Median.percentile(calls, 50);
        return new Result(repetitions, 2 * perInstance, median, Median.percentile(calls, 100),
                2 * perInstance - median, answers, done);
    }

    private static Repetition once(ExecutorService pool, ServiceProcess a, ServiceProcess b, Users.User user,
                                   Seed.SeededJob job, int perInstance) {
        String path = "/jobs/" + job.id();
        a.api().write("PATCH", path, user.token(), "{\"progress\":" + (job.progress() >= 99 ? 1 : job.progress() + 1) + "}");
        long before = misses(a) + misses(b);
        List<RawGet> connections = new ArrayList<>();
        try {
            for (int i = 0; i < perInstance; i++) {
                connections.add(RawGet.connect(a.process().base()));
                connections.add(RawGet.connect(b.process().base()));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RawGet.Answer>> answers = new ArrayList<>();
            for (RawGet connection : connections) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return connection.send(path, user.token());
                }));
            }
            start.countDown();
            Map<String, Integer> seen = new TreeMap<>();
            for (Future<RawGet.Answer> answer : answers) {
                RawGet.Answer got = answer.get();
                seen.merge(got.status() + " " + (got.cache().isEmpty() ? "-" : got.cache()), 1, Integer::sum);
            }
            // the last answer may be on the wire a moment before its miss is counted
            HttpProcess.sleep(200);
            return new Repetition(job.id(), misses(a) + misses(b) - before, seen);
        } catch (IOException e) {
            throw new BenchmarkFailure("stampede on " + path + " failed: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new BenchmarkFailure("stampede on " + path + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("interrupted during the stampede", e);
        } finally {
            for (RawGet connection : connections) {
                try {
                    connection.close();
                } catch (IOException ignored) {
                    // closing a socket the server has already closed
                }
            }
        }
    }

    private static long misses(ServiceProcess service) {
        return service.stats().counts(Route.JOB.template()).misses();
    }

    /** @param answers how many answers had each status and X-Cache value, e.g. {@code "200 HIT" -> 198} */
    record Repetition(String job, long originCalls, Map<String, Integer> answers) {
    }

    /** @param savedMedian requests minus the median of origin calls */
    record Result(int repetitions, int requestsPerRepetition, double originCallsMedian, double originCallsMax,
                  double savedMedian, Map<String, Integer> answers, List<Repetition> repetitionsDetail) {
    }
}

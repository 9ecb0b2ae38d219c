package dev.jobcache.benchmarks.load;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * How long another instance keeps answering a job's state from before a write (two-tier: the writer drops its own
 * copies before it answers, every other instance when the pub/sub message arrives). Per sample: instance B reads a
 * job twice so that its near-cache holds it; A patches the job's progress; B is polled in a tight loop until it
 * answers the new progress. The sample is the time from A's 2xx answer to B's first fresh answer, so it includes one
 * origin call on B and is only as fine as one poll (a loopback GET).
 */
final class Propagation {

    private static final long GIVE_UP_NANOS = 10_000_000_000L;
    private static final int STALE_EXAMPLES = 5;

    private Propagation() {
    }

    static Result measure(ServiceProcess a, ServiceProcess b, Users users, Seed seed, int samples) {
        List<Double> millis = new ArrayList<>();
        List<Stale> stale = new ArrayList<>();
        long polls = 0;
        int notCachedOnB = 0;
        int timeouts = 0;
        for (int sample = 0; sample < samples; sample++) {
            Users.User user = users.all().get(sample % users.all().size());
            Seed.SeededJob job = seed.spareRunningJobs(user.name()).get(sample / users.all().size());
            String path = "/jobs/" + job.id();
            b.api().get(path, user.token());
            HttpResponse<byte[]> cached = ApiClient.expect(b.api().get(path, user.token()), 200);
            if (!cached.headers().firstValue("X-Cache").orElse("").equals("HIT")) {
                notCachedOnB++;
            }
            int progress = progressOf(cached, path);
            int next = progress >= 99 ? 1 : progress + 1;
            a.api().write("PATCH", path, user.token(), "{\"progress\":" + next + "}");
            long acknowledged = System.nanoTime();
            while (true) {
                HttpResponse<byte[]> polled = ApiClient.expect(b.api().get(path, user.token()), 200);
                polls++;
                long now = System.nanoTime();
                int seen = progressOf(polled, path);
                if (seen == next) {
                    millis.add((now - acknowledged) / 1e6);
                    break;
                }
                if (now - acknowledged > GIVE_UP_NANOS) {
                    timeouts++;
                    if (stale.size() < STALE_EXAMPLES) {
                        stale.add(new Stale(job.id(), user.name(), next, seen,
                                polled.headers().firstValue("X-Cache").orElse(""),
                                polled.headers().firstValue("Age").orElse("")));
                    }
                    break;
                }
            }
        }
        double[] values = millis.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(samples, values.length, timeouts, notCachedOnB,
                values.length == 0 ? null : Median.percentile(values, 50),
                values.length == 0 ? null : Median.percentile(values, 99),
                values.length == 0 ? null : Median.percentile(values, 100),
                samples == 0 ? 0 : (double) polls / samples, stale);
    }

    private static int progressOf(HttpResponse<byte[]> response, String path) {
        return Json.parse(response.body(), "GET " + path).path("progress").asInt();
    }

    /**
     * @param notCachedOnB   samples whose second read on B was not a hit (B then had nothing stale to serve)
     * @param pollsPerSample GETs on B per sample, the fresh one included: 1 means B was already fresh
     * @param staleExamples  the first samples in which B still answered the old progress after 10 s
     */
    record Result(int samples, int measured, int timeouts, int notCachedOnB, Double p50Ms, Double p99Ms, Double maxMs,
                  double pollsPerSample, List<Stale> staleExamples) {
    }

    /** A sample that timed out: what B answered last, 10 s after A acknowledged the write. */
    record Stale(String job, String owner, int expectedProgress, int answeredProgress, String xCache, String age) {
    }
}

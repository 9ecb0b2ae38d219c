package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills a database through the service's own API, as clients would: 50 users × 200 jobs with bodies of the size real
 * submissions have, and states mixed by position so that every page of a list holds all of them — of each ten jobs,
 * four stay QUEUED, two are RUNNING with some progress, three COMPLETED and one FAILED.
 */
final class Seeder {

    private static final int CLIENTS = 8;
    private static final String[] TYPES = {"render", "render", "transcode", "thumbnail"};
    private static final String[] ENGINES = {"cycles", "eevee", "workbench"};

    private Seeder() {
    }

    static Seed seed(ApiClient api, Users users, String database) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            Map<String, Future<List<Seed.SeededJob>>> futures = new LinkedHashMap<>();
            for (Users.User user : users.all()) {
                futures.put(user.name(), pool.submit(() -> seedUser(api, user)));
            }
            Map<String, List<Seed.SeededJob>> jobs = new LinkedHashMap<>();
            for (Map.Entry<String, Future<List<Seed.SeededJob>>> entry : futures.entrySet()) {
                jobs.put(entry.getKey(), entry.getValue().get());
            }
            System.out.printf("seeded %s: %d users × %d jobs in %.1f s%n", database, users.all().size(),
                    Seed.JOBS_PER_USER, Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            return new Seed(database, jobs);
        } catch (ExecutionException e) {
            throw new BenchmarkFailure("seeding " + database + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("interrupted while seeding " + database, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Seed.SeededJob> seedUser(ApiClient api, Users.User user) {
        Random random = new Random(user.name().hashCode());
        List<Seed.SeededJob> jobs = new ArrayList<>();
        for (int position = 0; position < Seed.JOBS_PER_USER; position++) {
            JsonNode created = api.write("POST", "/jobs", user.token(), body(random, position));
            String id = created.path("id").asText();
            jobs.add(moveOn(api, user, id, position));
        }
        return jobs;
    }

    private static Seed.SeededJob moveOn(ApiClient api, Users.User user, String id, int position) {
        int kind = position % 10;
        if (kind < 4) {
            return new Seed.SeededJob(id, "QUEUED", 0);
        }
        int progress = 5 + position % 80;
        api.write("PATCH", "/jobs/" + id, user.token(), "{\"status\":\"RUNNING\",\"progress\":" + progress + "}");
        if (kind < 6) {
            return new Seed.SeededJob(id, "RUNNING", progress);
        }
        if (kind < 9) {
            api.write("PATCH", "/jobs/" + id, user.token(), "{\"status\":\"COMPLETED\"}");
            return new Seed.SeededJob(id, "COMPLETED", 100);
        }
        api.write("PATCH", "/jobs/" + id, user.token(),
                "{\"status\":\"FAILED\",\"error\":\"render node lost contact after frame " + progress + "\"}");
        return new Seed.SeededJob(id, "FAILED", progress);
    }

    private static String body(Random random, int position) {
        String type = TYPES[position % TYPES.length];
        int frames = 24 + random.nextInt(2400);
        return "{\"type\":\"" + type + "\",\"input\":{"
                + "\"frames\":" + frames + ","
                + "\"scene\":\"projects/p" + (random.nextInt(40) + 1) + "/scenes/shot-" + String.format("%04d", position) + ".blend\","
                + "\"engine\":\"" + ENGINES[random.nextInt(ENGINES.length)] + "\","
                + "\"resolution\":[1920,1080],"
                + "\"samples\":" + (64 << random.nextInt(4)) + ","
                + "\"priority\":" + random.nextInt(10)
                + "}}";
    }
}

package dev.jobcache.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/** A route the load comparison drives, and what each request of its load asks for. */
enum Route {

    /** Each user's first page of jobs (20 of 200, newest first): the list a dashboard polls. */
    JOBS("jobs", "/jobs", "GET:/jobs:*"),

    /** One job by id: a fixed sample of {@value Seed#SAMPLED_PER_USER} jobs per user, in mixed states. */
    JOB("job", "/jobs/{id}", "GET:/jobs/*");

    private final String option;
    private final String template;
    private final String keyPattern;

    Route(String option, String template, String keyPattern) {
        this.option = option;
        this.template = template;
        this.keyPattern = keyPattern;
    }

    static Route named(String option) {
        for (Route route : values()) {
            if (route.option.equals(option)) {
                return route;
            }
        }
        throw new IllegalArgumentException("--routes: unknown route '" + option + "'; expected jobs or job");
    }

    /** The name on the command line, also used for file names. */
    String option() {
        return option;
    }

    /** The route as jobcache's admin API names it, e.g. {@code /jobs/{id}}. */
    String template() {
        return template;
    }

    /** The glob of this route's cache keys (jobcache's key format is {@code METHOD:path:...}). */
    String keyPattern() {
        return keyPattern;
    }

    /** Every request the load rotates over, each user's in turn. */
    List<Target> targets(Users users, Seed seed) {
        List<Target> targets = new ArrayList<>();
        if (this == JOBS) {
            for (Users.User user : users.all()) {
                targets.add(new Target("/jobs", user.token()));
            }
            return targets;
        }
        // one user after another per round, so that consecutive requests go to different users' entries
        for (int round = 0; round < Seed.SAMPLED_PER_USER; round++) {
            for (Users.User user : users.all()) {
                targets.add(new Target("/jobs/" + seed.sampledIds(user.name()).get(round), user.token()));
            }
        }
        return targets;
    }

    /** The request whose answer the bare endpoint replays for this route. */
    Target sample(Users users, Seed seed) {
        Users.User first = users.all().get(0);
        return this == JOBS ? new Target("/jobs", first.token())
                : new Target("/jobs/" + seed.sampledIds(first.name()).get(0), first.token());
    }

    /** One GET of the load: a path and the bearer token it is sent with. */
    record Target(String path, String token) {
    }
}

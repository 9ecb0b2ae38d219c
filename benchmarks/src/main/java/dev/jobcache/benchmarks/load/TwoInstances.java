package dev.jobcache.benchmarks.load;

import java.nio.file.Path;
import java.util.Map;

/**
 * Two jobcache instances with {@code CACHE_BACKEND=two-tier} on one private Redis and one database, for the
 * propagation and stampede measurements.
 */
final class TwoInstances {

    static final int PROPAGATION_SAMPLES = 200;
    static final int STAMPEDE_REPETITIONS = 10;
    static final int STAMPEDE_PER_INSTANCE = 100;

    private TwoInstances() {
    }

    static void measure(Workspace workspace, ChildProcesses children, Path jar, Users users, CaseRunner runner,
                        Database database, Seed seed, Results results) {
        results.twoInstanceSetup = "Two instances A and B, `CACHE_BACKEND=two-tier`, one private Redis, database "
                + database.label() + " shared.";
        System.out.println();
        System.out.println("two instances (two-tier, database " + database.label() + "): propagation and stampede");
        ServiceProcess a = ServiceProcess.start(workspace, children, jar, users, "two-tier-A", "two-tier", database,
                runner.redisUrl(), Map.of());
        ServiceProcess b = null;
        try {
            b = ServiceProcess.start(workspace, children, jar, users, "two-tier-B", "two-tier", database,
                    runner.redisUrl(), Map.of());
            results.propagation = Propagation.measure(a, b, users, seed, PROPAGATION_SAMPLES);
            Propagation.Result p = results.propagation;
            System.out.printf("  propagation: %d samples, p50 %s   p99 %s   max %s   (%s GETs on B per sample, %d timeouts)%n",
                    p.samples(), Format.millis(p.p50Ms()), Format.millis(p.p99Ms()), Format.millis(p.maxMs()),
                    Format.number(p.pollsPerSample()), p.timeouts());
            if (p.timeouts() > 0) {
                String problem = p.timeouts() + " of " + p.samples() + " propagation samples: B still answered the state "
                        + "from before A's acknowledged write 10 s later (examples: " + p.staleExamples() + ")";
                results.twoInstanceProblems.add(problem);
                System.out.println("  !!! " + problem);
            }
            results.stampede = Stampede.measure(a, b, users, seed, STAMPEDE_REPETITIONS, STAMPEDE_PER_INSTANCE);
            Stampede.Result s = results.stampede;
            System.out.printf("  stampede: %d × %d requests, origin calls median %s max %s, saved %s; answers %s%n",
                    s.repetitions(), s.requestsPerRepetition(), Format.number(s.originCallsMedian()),
                    Format.number(s.originCallsMax()), Format.number(s.savedMedian()), s.answers());
            if (s.originCallsMax() > 2) {
                String problem = "stampede: up to " + Format.number(s.originCallsMax()) + " origin calls in one repetition, "
                        + "more than one per instance, which the README promises only while Redis answers; the services' "
                        + "WARN lines below say whether it failed";
                results.twoInstanceProblems.add(problem);
                System.out.println("  !!! " + problem);
            }
        } finally {
            if (b != null) {
                b.close();
                noteProblems(results, ProcessNotes.of(b.process()));
            }
            a.close();
            noteProblems(results, ProcessNotes.of(a.process()));
        }
    }

    // the figures above mean little if an instance was failing over to the origin meanwhile: say so next to them
    private static void noteProblems(Results results, ProcessNotes notes) {
        results.otherProcesses.add(notes);
        if (notes.problemLines() > 0) {
            results.twoInstanceProblems.add(notes.name() + " logged " + notes.problemLines() + " WARN/ERROR lines meanwhile; "
                    + "the first: " + notes.firstProblems().get(0));
        }
    }
}

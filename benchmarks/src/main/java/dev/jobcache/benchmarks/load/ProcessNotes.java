package dev.jobcache.benchmarks.load;

import java.util.List;

/** How a case's process behaved: how long it took to answer its readiness path, and what it logged at WARN or worse. */
record ProcessNotes(String name, long startupMillis, int problemLines, List<String> firstProblems) {

    static ProcessNotes of(HttpProcess process) {
        List<String> problems = process.problems();
        return new ProcessNotes(process.name(), process.startup().toMillis(), problems.size(),
                problems.subList(0, Math.min(5, problems.size())));
    }
}

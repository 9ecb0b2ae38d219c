package dev.jobcache.benchmarks.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One thread's position in a {@link ZipfKeys} sequence. Per thread, so threads never share a counter (which would
 * measure contention on it) and start at different points (so they do not read the same entry in lock step).
 */
@State(Scope.Thread)
public class Walk {

    private int next = ZipfKeys.startFor(Thread.currentThread().getId());

    /** The position to read now; the next call returns the one after it. */
    int step() {
        return next++;
    }
}

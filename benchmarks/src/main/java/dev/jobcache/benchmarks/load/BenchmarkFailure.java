package dev.jobcache.benchmarks.load;

/** Something the comparison cannot go on without; its message is printed as is, so it says what to do. */
final class BenchmarkFailure extends RuntimeException {

    BenchmarkFailure(String message) {
        super(message);
    }

    BenchmarkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

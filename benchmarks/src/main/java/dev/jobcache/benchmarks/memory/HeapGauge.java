package dev.jobcache.benchmarks.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use once garbage is gone. One {@code System.gc()} may leave garbage behind (reference processing,
 * objects freed by it), so this collects until two readings in a row agree within {@value #SETTLED_BYTES} bytes.
 * It assumes explicit collections are not disabled ({@code -XX:+DisableExplicitGC}) and, with G1, that they are full
 * ones (the default; not {@code -XX:+ExplicitGCInvokesConcurrent}).
 */
final class HeapGauge {

    private static final long SETTLED_BYTES = 64 * 1024;
    private static final int MAX_COLLECTIONS = 20;

    private HeapGauge() {
    }

    static long settledUsedBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < MAX_COLLECTIONS; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) <= SETTLED_BYTES) {
                return Math.min(previous, used);
            }
            previous = used;
        }
        return previous;
    }
}

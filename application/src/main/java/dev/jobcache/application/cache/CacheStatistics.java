package dev.jobcache.application.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * Figures the metrics port does not carry: how many bytes the stored entries had before and after encoding, so
 * the admin view can show what compression saves. Contention-free on the store path ({@link LongAdder}).
 */
public final class CacheStatistics {

    private final LongAdder identityBytes = new LongAdder();
    private final LongAdder storedBytes = new LongAdder();
    private final LongAdder storedEntries = new LongAdder();
    private final LongAdder refusedOverShare = new LongAdder();

    void stored(long identity, long stored) {
        identityBytes.add(identity);
        storedBytes.add(stored);
        storedEntries.increment();
    }

    /** Bytes of the bodies of every entry stored since start, as the origin produced them. */
    public long identityBytes() {
        return identityBytes.sum();
    }

    /** Bytes of the same bodies as stored (gzip-compressed where that was smaller). */
    public long storedBytes() {
        return storedBytes.sum();
    }

    public long storedEntries() {
        return storedEntries.sum();
    }

    void countRefusedOverShare() {
        refusedOverShare.increment();
    }

    /** Responses served but not stored because their owner's entries took its whole share (see CacheShares). */
    public long refusedOverShare() {
        return refusedOverShare.sum();
    }

    /** Identity bytes per stored byte (2.0 means half the size); 1.0 before anything was stored. */
    public double compressionRatio() {
        long stored = storedBytes();
        return stored == 0 ? 1.0 : (double) identityBytes() / stored;
    }
}

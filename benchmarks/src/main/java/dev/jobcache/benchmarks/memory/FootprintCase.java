package dev.jobcache.benchmarks.memory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured case, e.g. "caffeine, gzip". Figures that do not apply to the case (a Caffeine weight for Redis) are
 * absent. {@code overheadBytesPerEntry} is the measured bytes per entry (heap, or Redis memory) minus the payload,
 * and {@code totalMB} the measured bytes of all entries, in MB of 2^20 bytes as {@code CACHE_MAX_MEMORY_MB} counts.
 */
record FootprintCase(String name, int entries, double payloadBytesPerEntry, Double weightBytesPerEntry,
                     Double heapBytesPerEntry, Double usedMemoryBytesPerEntry) {

    static final double MB = 1024.0 * 1024.0;

    static FootprintCase caffeine(String name, int entries, double payload, double weight, double heap) {
        return new FootprintCase(name, entries, payload, weight, heap, null);
    }

    static FootprintCase redis(String name, int entries, double payload, double usedMemory) {
        return new FootprintCase(name, entries, payload, null, null, usedMemory);
    }

    /** Bytes per entry that the backend really holds: heap after GC, or Redis' used_memory growth. */
    double measuredBytesPerEntry() {
        return heapBytesPerEntry != null ? heapBytesPerEntry : usedMemoryBytesPerEntry;
    }

    double overheadBytesPerEntry() {
        return measuredBytesPerEntry() - payloadBytesPerEntry;
    }

    double totalMB() {
        return measuredBytesPerEntry() * entries / MB;
    }

    double totalMBFor(int count) {
        return measuredBytesPerEntry() * count / MB;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("payloadBytesPerEntry", Math.round(payloadBytesPerEntry));
        if (weightBytesPerEntry != null) {
            json.put("weightBytesPerEntry", Math.round(weightBytesPerEntry));
        }
        if (heapBytesPerEntry != null) {
            json.put("heapBytesPerEntry", Math.round(heapBytesPerEntry));
        }
        if (usedMemoryBytesPerEntry != null) {
            json.put("usedMemoryBytesPerEntry", Math.round(usedMemoryBytesPerEntry));
        }
        json.put("overheadBytesPerEntry", Math.round(overheadBytesPerEntry()));
        json.put("totalMB", Math.round(totalMB() * 10) / 10.0);
        return json;
    }
}

package dev.archfixture.good.adapters.micrometer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Fixture: the metrics adapter, the one place Micrometer is used. */
public final class MicrometerCounters {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    public double hits() {
        return registry.counter("hits").count();
    }
}

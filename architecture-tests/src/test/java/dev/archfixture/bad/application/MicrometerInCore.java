package dev.archfixture.bad.application;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Fixture violating rule 4: Micrometer outside its adapter. */
public final class MicrometerInCore {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    public double hits() {
        return registry.counter("hits").count();
    }
}

package dev.archfixture.bad.application;

import java.time.Clock;
import java.time.LocalDateTime;

/** Fixture violating rule 11: java.time's own system clock and LocalDateTime.now. */
public final class UsesSystemUtcClock {

    public LocalDateTime now() {
        return LocalDateTime.now(Clock.systemUTC());
    }
}

package dev.archfixture.bad.application;

import java.time.Instant;

/** Fixture violating rule 11: reading the system time directly. */
public final class CallsInstantNow {

    public Instant stamp() {
        return Instant.now();
    }
}

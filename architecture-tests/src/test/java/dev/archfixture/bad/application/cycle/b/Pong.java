package dev.archfixture.bad.application.cycle.b;

import dev.archfixture.bad.application.cycle.a.Ping;

/** Fixture violating rule 10: the other half of a package cycle. */
public final class Pong {

    public Ping answer() {
        return new Ping();
    }
}

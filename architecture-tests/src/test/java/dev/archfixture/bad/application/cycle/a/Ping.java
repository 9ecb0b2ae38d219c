package dev.archfixture.bad.application.cycle.a;

import dev.archfixture.bad.application.cycle.b.Pong;

/** Fixture violating rule 10: one half of a package cycle. */
public final class Ping {

    public Pong answer() {
        return new Pong();
    }
}

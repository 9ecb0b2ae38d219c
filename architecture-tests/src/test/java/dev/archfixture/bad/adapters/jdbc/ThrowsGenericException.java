package dev.archfixture.bad.adapters.jdbc;

/** Fixture violating rule 12: a generic RuntimeException that callers cannot tell apart. */
public final class ThrowsGenericException {

    public void fail() {
        throw new RuntimeException("something went wrong");
    }
}

package dev.archfixture.bad.application;

import java.util.function.LongSupplier;

/** Fixture violating rule 11 through a method reference rather than a call. */
public final class ReferencesNanoTime {

    public LongSupplier ticker() {
        return System::nanoTime;
    }
}

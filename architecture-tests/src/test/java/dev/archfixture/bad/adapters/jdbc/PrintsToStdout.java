package dev.archfixture.bad.adapters.jdbc;

/** Fixture violating rule 12: writing to standard out outside Main. */
public final class PrintsToStdout {

    public void report(String line) {
        System.out.println(line);
    }
}

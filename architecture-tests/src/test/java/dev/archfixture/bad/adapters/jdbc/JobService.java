package dev.archfixture.bad.adapters.jdbc;

/** Fixture violating rule 8: an adapter defining a use case. */
public final class JobService {

    public String run(String id) {
        return id;
    }
}

package dev.archfixture.bad.domain.port;

/** Fixture violating rule 7: a port that is a class, not an interface. */
public abstract class JobRepository {

    public abstract String find(String id);
}

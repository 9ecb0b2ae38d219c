package dev.archfixture.bad.domain.port;

/** Fixture: a port, so that the other bad fixtures have something to misuse. */
public interface CacheStore {

    String get(String key);
}

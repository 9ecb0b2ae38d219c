package dev.archfixture.bad.domain.job;

import dev.archfixture.bad.domain.port.CacheStore;

/** Fixture violating rule 1: a domain model class depending on a port (domain service). */
public record JobNeedsStore(CacheStore store) {
}

package dev.archfixture.good.domain.job;

/** Fixture: a well-formed domain model class. */
public record Job(String id) {
}

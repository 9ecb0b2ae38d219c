package dev.archfixture.good.domain.security;

/** Fixture: a well-formed domain model class. */
public record Principal(String userId) {
}

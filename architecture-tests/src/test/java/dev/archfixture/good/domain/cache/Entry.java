package dev.archfixture.good.domain.cache;

import dev.archfixture.good.domain.job.Job;

import java.time.Instant;

/** Fixture: a domain model class using another model package and java.time values (not the system time). */
public record Entry(Job job, Instant storedAt) {
}

package dev.archfixture.bad.domain.cache;

import java.sql.Timestamp;

/** Fixture violating rules 2 and 4: a domain class using JDBC's java.sql.Timestamp (which "java.." alone allows). */
public record SqlTimestamped(Timestamp storedAt) {
}

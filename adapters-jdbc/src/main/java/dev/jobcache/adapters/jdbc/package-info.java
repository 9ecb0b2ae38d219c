/**
 * The {@link dev.jobcache.domain.port.JobRepository} on JDBC: an embedded H2 file database by default, PostgreSQL
 * when several instances share the jobs. {@link dev.jobcache.adapters.jdbc.JdbcDatabase} is the one way in: it
 * builds the connection pool, applies this vendor's Flyway migrations and hands out the
 * {@link dev.jobcache.adapters.jdbc.JdbcJobRepository}; everything else here (SQL dialects, row mapping, the keyset
 * query, failure wrapping) is package-private so that no JDBC, HikariCP or Flyway type leaks out of the adapter.
 * Time is never read here: every timestamp comes in on the domain objects and is stored in UTC to the microsecond.
 */
package dev.jobcache.adapters.jdbc;

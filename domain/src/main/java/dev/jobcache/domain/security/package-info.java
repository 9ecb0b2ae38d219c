/**
 * Who is calling: bearer tokens as presented, and the principal with roles they resolve to. Tokens never appear in
 * logs or {@code toString}.
 */
package dev.jobcache.domain.security;

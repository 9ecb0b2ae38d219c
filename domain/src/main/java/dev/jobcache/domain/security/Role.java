package dev.jobcache.domain.security;

/** What a caller may do: use the jobs API, or also administer the cache. */
public enum Role {
    USER,
    ADMIN
}

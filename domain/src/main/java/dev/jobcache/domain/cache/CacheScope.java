package dev.jobcache.domain.cache;

/** Who may be served a cached entry: anyone, or only the user whose request produced it. */
public enum CacheScope {
    PUBLIC,
    USER
}

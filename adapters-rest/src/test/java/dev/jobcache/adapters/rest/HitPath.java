package dev.jobcache.adapters.rest;

/**
 * The two ways the service answers a cache hit. HTTP behaviour tests run once per value, and must not be able to
 * tell them apart.
 */
enum HitPath {
    /** Every request goes through Jersey; {@link ResponseCacheFilter} answers hits. */
    JERSEY_FILTER(false),
    /** {@link CacheHitHandler} answers fresh hits in front of Jersey (the default). */
    IN_FRONT_OF_JERSEY(true);

    final boolean answerHitsFirst;

    HitPath(boolean answerHitsFirst) {
        this.answerHitsFirst = answerHitsFirst;
    }
}

/**
 * The cache model: keys and how requests are canonicalised into them, cached responses and their freshness, tags
 * and how they are derived from policies and job events, per-route policies, and the value types the cache ports
 * exchange. Pure rules only; no I/O.
 */
package dev.jobcache.domain.cache;

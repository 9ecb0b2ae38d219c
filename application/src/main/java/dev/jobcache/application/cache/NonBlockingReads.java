package dev.jobcache.application.cache;

/**
 * What a thread that must never block (an HTTP selector thread) may ask of the response cache, decided once from
 * its store: answer hits held in process, wait for the store's asynchronous read, or nothing at all.
 */
public enum NonBlockingReads {
    /** Hits the store holds in process ({@link ResponseCache#localHit}): Caffeine, or a near-cache's L1. */
    LOCAL,
    /** Any hit, read asynchronously ({@link ResponseCache#asyncHit}): Redis, answered on its client's I/O thread. */
    ASYNCHRONOUS,
    /** Nothing: every request is handed to a thread that may block. */
    NONE
}

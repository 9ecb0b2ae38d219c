package dev.jobcache.domain.cache;

/**
 * A key listing's cursor that the store did not hand out: not in its form, out of its range, or naming a part of
 * the store that is gone. The caller's mistake, not the store's failure, so a fail-open guard passes it on instead
 * of taking it for an outage. Stores throw it before any I/O.
 */
public final class MalformedCursor extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedCursor(String message) {
        super(message);
    }
}

package dev.jobcache.adapters.rest;

import dev.jobcache.application.InvalidInput;

/** The {@code limit} query parameter of the routes that page: a whole number in a range, its default when absent. */
final class QueryLimits {

    private QueryLimits() {
    }

    /** @throws InvalidInput naming {@code limit} when it is given and not a whole number from 1 to {@code max} */
    static int parse(String raw, int defaultLimit, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultLimit;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > max) {
            throw new InvalidInput("limit", "must be a whole number from 1 to " + max);
        }
        return value;
    }
}

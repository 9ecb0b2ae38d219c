package dev.archfixture.bad.adapters.rest;

import dev.archfixture.bad.adapters.jdbc.JobService;

/** Fixture violating rules 1 and 5: one adapter depending on another. */
public final class CallsJdbcAdapter {

    public String get(String id) {
        return new JobService().run(id);
    }
}

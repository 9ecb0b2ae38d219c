package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The output of another program the report includes (the memory footprint, JMH): its Markdown fragment and JSON,
 * or why there is none.
 *
 * @param status {@code ok}, {@code missing} (not there yet), {@code failed} or {@code not run}
 */
record Embedded(String status, String message, String markdown, JsonNode json) {

    static Embedded notRun(String why) {
        return new Embedded("not run", why, null, null);
    }

    static Embedded missing(String why) {
        return new Embedded("missing", why, null, null);
    }

    static Embedded failed(String why) {
        return new Embedded("failed", why, null, null);
    }
}

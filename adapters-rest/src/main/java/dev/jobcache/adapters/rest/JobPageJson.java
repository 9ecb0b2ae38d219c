package dev.jobcache.adapters.rest;

import java.util.List;

/** One page of jobs; {@code nextCursor} is absent on the last page. */
record JobPageJson(List<JobJson> items, String nextCursor) {
}

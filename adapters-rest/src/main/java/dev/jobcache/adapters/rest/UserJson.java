package dev.jobcache.adapters.rest;

import java.util.List;
import java.util.Map;

/** The caller's profile with job counts per status. */
record UserJson(String userId, List<String> roles, Map<String, Long> jobs, long totalJobs) {
}

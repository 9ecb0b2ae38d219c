package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /jobs}. {@code input} is any JSON object. */
record NewJobJson(String type, JsonNode input) {
}

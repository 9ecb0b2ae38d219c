package dev.jobcache.adapters.rest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PlainRequest}: which URIs the fast path reads itself, and how; every other URI is Jersey's to read. */
class PlainRequestTest {

    @ParameterizedTest
    @ValueSource(strings = {"/jobs", "/health", "/jobs/6f1c2a34-2b7e-4c8e-9d0e-0a1b2c3d4e5f/download", "/user/me",
            "/a.b~c_d-e"})
    void readsPathsThatNeedNoDecodingItself(String path) {
        assertThat(PlainRequest.isPlainPath(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "jobs", "/jobs/", "//jobs", "/jobs//1", "/%6Aobs", "/jobs;v=1/42", "/jobs/./1",
            "/jobs/../admin", "/jobs/a+b", "/jobs/caf\u00e9", "http://host/jobs", "/jobs/a:b"})
    void leavesPathsJerseyWouldReadDifferentlyToJersey(String path) {
        assertThat(PlainRequest.isPlainPath(path)).isFalse();
    }

    @Test
    void readsAPlainQueryInOrderKeepingRepeatedNames() {
        Map<String, List<String>> query = PlainRequest.plainQuery("status=RUNNING&limit=20&status=QUEUED&cursor=")
                .orElseThrow();

        assertThat(query).containsExactly(Map.entry("status", List.of("RUNNING", "QUEUED")),
                Map.entry("limit", List.of("20")), Map.entry("cursor", List.of("")));
    }

    @Test
    void readsNoQueryAsNoParameters() {
        assertThat(PlainRequest.plainQuery(null)).contains(Map.of());
        assertThat(PlainRequest.plainQuery("")).contains(Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a&b=1", "=1", "a=1&&b=2", "a=1&", "a=b=c", "a=%41", "a=b+c", "a=b c", "a[]=1"})
    void leavesQueriesThatNeedDecodingOrGuessingToJersey(String query) {
        assertThat(PlainRequest.plainQuery(query)).isEmpty();
    }
}

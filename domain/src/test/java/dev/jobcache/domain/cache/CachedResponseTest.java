package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Specifies equality and the memory weight of {@link CachedResponse}. */
class CachedResponseTest {

    private static final Instant STORED = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void responsesWithEqualBodyContentAreEqual() {
        CachedResponse one = withBody("{\"id\":42}".getBytes(StandardCharsets.UTF_8));
        CachedResponse other = withBody("{\"id\":42}".getBytes(StandardCharsets.UTF_8));

        assertThat(one).isEqualTo(other);
        assertThat(one).hasSameHashCodeAs(other);
    }

    @Test
    void responsesWithDifferentBodiesDiffer() {
        CachedResponse one = withBody(new byte[] {1, 2, 3});
        CachedResponse other = withBody(new byte[] {1, 2, 4});

        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        CachedResponse response = withHeaders(Map.of("Content-Type", "application/json"));

        String contentType = response.headers().get("content-type");

        assertThat(contentType).isEqualTo("application/json");
    }

    @Test
    void responsesThatDifferOnlyInHeaderNameCaseAreEqualWithEqualHashCodes() {
        CachedResponse titleCase = withHeaders(Map.of("Content-Type", "application/json"));
        CachedResponse lowerCase = withHeaders(Map.of("content-type", "application/json"));

        assertThat(titleCase).isEqualTo(lowerCase);
        assertThat(titleCase).hasSameHashCodeAs(lowerCase);
    }

    @Test
    void weightGrowsWithTheBody() {
        CachedResponse empty = withBody(new byte[0]);
        CachedResponse kilobyte = withBody(new byte[1024]);

        int difference = kilobyte.weightInBytes() - empty.weightInBytes();

        assertThat(difference).isEqualTo(1024);
        assertThat(empty.weightInBytes()).isPositive();
    }

    @Test
    void weightCountsHeaders() {
        CachedResponse bare = withHeaders(Map.of());
        CachedResponse withHeader = withHeaders(Map.of("Content-Type", "application/json"));

        assertThat(withHeader.weightInBytes()).isGreaterThan(bare.weightInBytes());
    }

    @Test
    void toStringShowsTheSizeNotTheBody() {
        CachedResponse response = withBody("secret".getBytes(StandardCharsets.UTF_8));

        String text = response.toString();

        assertThat(text).contains("bytes=6").doesNotContain("secret");
    }

    private static CachedResponse withBody(byte[] body) {
        return new CachedResponse(200, Map.of("Content-Type", "application/json"), body, false, "\"v1\"", STORED,
                Duration.ofSeconds(60), Duration.ZERO);
    }

    private static CachedResponse withHeaders(Map<String, String> headers) {
        return new CachedResponse(200, headers, new byte[0], false, "\"v1\"", STORED, Duration.ofSeconds(60),
                Duration.ZERO);
    }
}

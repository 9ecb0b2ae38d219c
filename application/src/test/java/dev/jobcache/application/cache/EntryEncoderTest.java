package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CachePolicy;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.testkit.fake.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link EntryEncoder}: the stored form of an origin response. */
class EntryEncoderTest {

    private static final CachePolicy HEALTH = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10),
            Map.of()).match("/health").policy();

    private final MutableClock clock = new MutableClock();

    @ParameterizedTest(name = "compression {0}, {1} bytes of {2}: gzipped {3}")
    @CsvSource({
            "true,  2000, application/json,         true",
            "true,  1023, application/json,         false",
            "true,  1024, application/json,         true",
            "true,  2000, image/png,                false",
            "false, 2000, application/json,         false",
            "true,  2000, text/plain; charset=utf-8, true"})
    void compressesOnlyWhatIsOnLargeEnoughAndCompressible(boolean compression, int bytes, String type, boolean gzipped)
            throws IOException {
        EntryEncoder encoder = new EntryEncoder(new CacheSettings(compression, 1024, 1 << 20, Duration.ZERO, "memory"), clock);
        byte[] body = "a".repeat(bytes).getBytes(StandardCharsets.UTF_8);

        CachedResponse entry = encoder.encode(HEALTH, new OriginResponse(200, Map.of("Content-Type", List.of(type)), body));

        assertThat(entry.gzipped()).isEqualTo(gzipped);
        byte[] identity = gzipped ? new GZIPInputStream(new ByteArrayInputStream(entry.body())).readAllBytes() : entry.body();
        assertThat(identity).isEqualTo(body);
        assertThat(entry.etag()).isEqualTo(EntityTags.of(body));
    }

    @Test
    void keepsOnlyTheHeadersAHitReplaysAndThePolicysLifetimesFromNow() {
        EntryEncoder encoder = new EntryEncoder(CacheSettings.defaults("memory"), clock);

        CachedResponse entry = encoder.encode(HEALTH, new OriginResponse(200, Map.of(
                "Content-Type", List.of("application/json"),
                "Content-Disposition", List.of("attachment"),
                "Set-Cookie", List.of("id=1"),
                "Cache-Control", List.of("public", "max-age=60"),
                "X-Request-Id", List.of("r-1")), "{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(entry.headers()).containsOnlyKeys("Content-Type", "Content-Disposition");
        assertThat(entry.storedAt()).isEqualTo(clock.now());
        assertThat(entry.ttl()).isEqualTo(HEALTH.ttl());
        assertThat(entry.staleGrace()).isEqualTo(Duration.ofSeconds(10));
    }
}

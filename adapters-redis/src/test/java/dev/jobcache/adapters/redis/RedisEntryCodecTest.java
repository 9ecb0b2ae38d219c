package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.testkit.fixture.Responses;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import static dev.jobcache.testkit.fixture.Responses.aCachedResponse;
import static org.assertj.core.api.Assertions.assertThat;

/** The Redis wire format of a cached response: {@link RedisEntryCodec}. */
class RedisEntryCodecTest {

    private final RedisEntryCodec codec = new RedisEntryCodec();

    @Test
    void roundTripsEveryFieldExactly() {
        CachedResponse response = aCachedResponse()
                .withStatus(203)
                .withHeader("Cache-Control", "private, max-age=60")
                .withHeader("Vary", "Accept")
                .gzipped()
                .withEtag("\"v1-abc\"")
                .storedAt(Instant.parse("2025-03-04T05:06:07.123456789Z"))
                .withTtl(Duration.ofSeconds(60, 5))
                .withStaleGrace(Duration.ofMillis(1500))
                .build();

        Optional<CachedResponse> decoded = codec.decode(codec.encode(response));

        assertThat(decoded).contains(response);
    }

    @Test
    void roundTripsAnEmptyBody() {
        CachedResponse response = aCachedResponse().withBody(new byte[0]).withStatus(204).build();

        Optional<CachedResponse> decoded = codec.decode(codec.encode(response));

        assertThat(decoded).contains(response);
        assertThat(decoded.orElseThrow().body()).isEmpty();
    }

    @Test
    void roundTripsManyHeaders() {
        Responses.Builder builder = aCachedResponse();
        for (int i = 0; i < 500; i++) {
            builder.withHeader("X-Header-" + i, "value " + i);
        }
        CachedResponse response = builder.build();

        Optional<CachedResponse> decoded = codec.decode(codec.encode(response));

        assertThat(decoded).contains(response);
        assertThat(decoded.orElseThrow().headers()).hasSize(501);
    }

    @Test
    void roundTripsUnicodeHeaderValuesAndEtags() {
        CachedResponse response = aCachedResponse()
                .withHeader("Content-Disposition", "attachment; filename*=UTF-8''r\u00e9sum\u00e9-\u4f60\u597d-\uD83D\uDE80.pdf")
                .withEtag("\"\u00e9t\u00e4g\"")
                .build();

        Optional<CachedResponse> decoded = codec.decode(codec.encode(response));

        assertThat(decoded).contains(response);
    }

    @Test
    void roundTripsABodyOfEveryByteValue() {
        byte[] body = new byte[256 * 4];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        CachedResponse response = aCachedResponse().withBody(body).build();

        Optional<CachedResponse> decoded = codec.decode(codec.encode(response));

        assertThat(decoded).contains(response);
    }

    @Test
    void addsLittleBeyondTheBodyAndHeaders() {
        CachedResponse response = aCachedResponse().withBodyOfSize(10_000).build();

        byte[] encoded = codec.encode(response);

        assertThat(encoded.length).isLessThan(10_000 + 100);
    }

    @Test
    void everyTruncationOfAnEntryIsAMissNotAnException() {
        byte[] encoded = codec.encode(aCachedResponse().withHeader("Vary", "Accept").withStaleGrace(Duration.ofSeconds(5)).build());

        for (int length = 0; length < encoded.length; length++) {
            assertThat(codec.decode(Arrays.copyOf(encoded, length))).as("first %d bytes", length).isEmpty();
        }

        assertThat(codec.undecodable()).isEqualTo(encoded.length);
    }

    @Test
    void trailingBytesMakeAnEntryCorrupt() {
        byte[] encoded = codec.encode(aCachedResponse().build());

        Optional<CachedResponse> decoded = codec.decode(Arrays.copyOf(encoded, encoded.length + 3));

        assertThat(decoded).isEmpty();
    }

    @Test
    void anAbsurdLengthIsAMissNotAnAllocation() {
        byte[] encoded = codec.encode(aCachedResponse().withEtag("\"e\"").build());
        // the etag length follows version (1), status (2) and flags (1): make it a 5-byte varint near 2^31
        byte[] corrupt = new byte[encoded.length + 4];
        System.arraycopy(encoded, 0, corrupt, 0, 4);
        corrupt[4] = (byte) 0xFF;
        corrupt[5] = (byte) 0xFF;
        corrupt[6] = (byte) 0xFF;
        corrupt[7] = (byte) 0xFF;
        corrupt[8] = (byte) 0x07;
        System.arraycopy(encoded, 5, corrupt, 9, encoded.length - 5);

        Optional<CachedResponse> decoded = codec.decode(corrupt);

        assertThat(decoded).isEmpty();
    }

    @Test
    void anUnknownVersionIsAMissAndIsCounted() {
        byte[] encoded = codec.encode(aCachedResponse().build());
        encoded[0] = (byte) (RedisEntryCodec.VERSION + 1);

        Optional<CachedResponse> decoded = codec.decode(encoded);

        assertThat(decoded).isEmpty();
        assertThat(codec.undecodable()).isEqualTo(1);
    }

    @Test
    void startsWithItsVersion() {
        byte[] encoded = codec.encode(aCachedResponse().build());

        assertThat(encoded[0]).isEqualTo(RedisEntryCodec.VERSION);
    }
}

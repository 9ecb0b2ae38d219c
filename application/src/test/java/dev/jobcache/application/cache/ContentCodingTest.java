package dev.jobcache.application.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ContentCoding}: who gets gzip, and that what is compressed comes back the same. */
class ContentCodingTest {

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip, deflate, br", "deflate, gzip", "GZIP", "br;q=1, gzip;q=0.5", "*",
            "x-gzip", "identity, *;q=0.1"})
    void servesGzipToClientsThatAcceptIt(String acceptEncoding) {
        assertThat(ContentCoding.acceptsGzip(acceptEncoding)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "identity", "br, deflate", "gzip;q=0", "gzip; q=0.0, deflate", "*;q=0", "gzipped"})
    void servesIdentityToClientsThatDoNot(String acceptEncoding) {
        assertThat(ContentCoding.acceptsGzip(acceptEncoding)).isFalse();
    }

    @Test
    void servesIdentityToClientsThatSayNothing() {
        assertThat(ContentCoding.acceptsGzip(null)).isFalse();
    }

    @Test
    void gunzipsWhatItGzipped() {
        byte[] body = "{\"items\":[]}".repeat(100).getBytes(StandardCharsets.UTF_8);

        assertThat(ContentCoding.gunzip(ContentCoding.gzip(body))).isEqualTo(body);
    }
}

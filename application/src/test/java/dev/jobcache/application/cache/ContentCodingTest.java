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

    @ParameterizedTest
    @ValueSource(strings = {";", ";;", ",;", ";,", " ; ", "gzip;q=abc", "gzip;q=", "gzip;q", "gzip;q=2", "gzip;q=-1",
            "gzip;q=1.5", "gzip;q=0.0001", "gzip;level=9", "gzip;;", "gzip q=1", "\"gzip\"", "gzip;q=\"1\"",
            "*;q=abc", "gzíp"})
    void ignoresAnElementItCannotReadAndSoServesIdentity(String acceptEncoding) {
        assertThat(ContentCoding.acceptsGzip(acceptEncoding)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"br;q=abc, gzip", "; , gzip", "gzip;q=abc, *", ",,gzip,,", "deflate;;q=1, gzip;q=0.5",
            "identity;q=2, gzip", "gzip;q=.5", "gzip;Q=0.5", "gzip ; q=1.000"})
    void stillServesGzipWhenAnElementItCannotReadSitsBesideOneItCan(String acceptEncoding) {
        assertThat(ContentCoding.acceptsGzip(acceptEncoding)).isTrue();
    }

    static java.util.stream.Stream<String> oddHeaders() {
        java.util.List<String> odd = new java.util.ArrayList<>(java.util.List.of(
                "", " ", ",", ";", ";;", ",;", ";,", ",,,", "q=", ";q=", "*;q=", "*;q=2", "gzip;q=-1", "gzip;q=abc",
                "gzip;q=", "gzip;q", "gzip;=", "gzip;=1", "gzip;q=0.5;q=0.6", "\"", "\\", "\t", "\u0000", "\r\n",
                "gzip;q=.", "gzip;q=1.", "gzip;q=NaN", "gzip;q=Infinity", "gzip;q=0x1", "gzip;q=1e0", "gzip,",
                ", gzip", "gzip, ;", "gzip, ;q=0", "gzip;q=0.5 ;", "GZIP;Q=0"));
        odd.add("gzip,".repeat(10_000));
        odd.add("br;q=0.5, ".repeat(5_000) + "gzip");
        odd.add("gzip" + ";".repeat(10_000));
        odd.add(";".repeat(10_000));
        odd.add("x".repeat(20_000));
        return odd.stream();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("oddHeaders")
    void neverThrowsWhateverTheHeader(String acceptEncoding) {
        org.assertj.core.api.Assertions.assertThatCode(() -> ContentCoding.acceptsGzip(acceptEncoding))
                .doesNotThrowAnyException();
    }

    @Test
    void randomHeadersNeverThrow() {
        java.util.Random random = new java.util.Random(9110);
        String alphabet = "gzip*;=,q01.5 \t\"-x";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder header = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = header.toString();
            org.assertj.core.api.Assertions.assertThatCode(() -> ContentCoding.acceptsGzip(text)).as(text)
                    .doesNotThrowAnyException();
        }
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

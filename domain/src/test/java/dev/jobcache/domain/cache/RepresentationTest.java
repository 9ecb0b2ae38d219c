package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifies how {@link Representation} reads and canonicalises an {@code Accept} header. */
class RepresentationTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", ",", " , ,", "\t,\t"})
    void aMissingOrEmptyHeaderMeansAnything(String header) {
        assertThat(Representation.parseAccept(header)).contains(Representation.ANY);
    }

    @Test
    void caseAndWhiteSpaceDoNotMatter() {
        Representation shouting = parse("  Application/JSON ; Charset=UTF-8 ");

        assertThat(shouting.accept()).isEqualTo("application/json;charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "text/html", "application/problem+json", "application/*"})
    void aSingleNormalisedRangeIsItself(String header) {
        assertThat(parse(header).accept()).isEqualTo(header);
        assertThat(parse(header.toUpperCase(java.util.Locale.ROOT))).isEqualTo(parse(header));
    }

    @Test
    void keepsTheOrderOfAlternativesBecauseTheOriginServesTheFirstOfEquallyWeightedOnes() {
        Representation utf8First = parse("application/json;charset=utf-8, application/json;charset=utf-16");
        Representation utf16First = parse("application/json;charset=utf-16, application/json;charset=utf-8");

        assertThat(utf8First).isNotEqualTo(utf16First);
    }

    @Test
    void theOrderOfDifferentlyWeightedAlternativesDoesNotMatter() {
        Representation one = parse("text/html;q=0.5, application/json");
        Representation other = parse("application/json, text/html;q=0.5");

        assertThat(one).isEqualTo(other);
        assertThat(one.accept()).isEqualTo("application/json,text/html;q=0.5");
    }

    @Test
    void theOrderOfParametersDoesNotMatter() {
        Representation one = parse("text/html;level=1;q=0.9");
        Representation other = parse("text/html; q=0.9; level=1");

        assertThat(one).isEqualTo(other);
    }

    @Test
    void repeatedAlternativesCountOnce() {
        Representation repeated = parse("text/html, text/html, TEXT/HTML");

        assertThat(repeated.accept()).isEqualTo("text/html");
    }

    @Test
    void differentMediaTypesStayDifferent() {
        assertThat(parse("application/json")).isNotEqualTo(parse("text/html"));
    }

    @Test
    void differentQualitiesStayDifferent() {
        Representation preferred = parse("text/html;q=1, application/json;q=0.1");
        Representation reversed = parse("text/html;q=0.1, application/json;q=1");

        assertThat(preferred).isNotEqualTo(reversed);
    }

    @Test
    void differentCharsetsStayDifferent() {
        assertThat(parse("application/json;charset=utf-16")).isNotEqualTo(parse("application/json;charset=utf-8"));
        assertThat(parse("application/json;charset=utf-16")).isNotEqualTo(parse("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html;q=0.5", "text/html;q=0.50", "text/html;q=0.500", "text/html;Q=0.5",
            "text/html ; q=0.5", "text/html;q=.5"})
    void aWeightWrittenDifferentlyIsTheSameWeight(String header) {
        assertThat(parse(header).accept()).isEqualTo("text/html;q=0.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html;q=1", "text/html;q=1.", "text/html;q=1.000", "text/html"})
    void fullWeightIsNoWeight(String header) {
        assertThat(parse(header).accept()).isEqualTo("text/html");
    }

    @Test
    void zeroWeightIsKept() {
        assertThat(parse("text/html;q=0.").accept()).isEqualTo("text/html;q=0");
        assertThat(parse("text/html;q=0.000").accept()).isEqualTo("text/html;q=0");
    }

    @Test
    void quotingAValueThatIsATokenDoesNotMatter() {
        assertThat(parse("application/json;charset=\"utf-16\"")).isEqualTo(parse("application/json;charset=utf-16"));
    }

    @Test
    void aValueThatNeedsQuotesKeepsThemEscaped() {
        assertThat(parse("text/html;title=\"a \\\"b\\\" c\"").accept()).isEqualTo("text/html;title=\"a \\\"b\\\" c\"");
    }

    @Test
    void valuesOtherThanTheCharsetKeepTheirCase() {
        assertThat(parse("text/html;level=A")).isNotEqualTo(parse("text/html;level=a"));
    }

    @Test
    void parametersAfterTheWeightBelongToTheRangeAsTheOriginReadsThem() {
        assertThat(parse("application/json;q=0.5;charset=utf-16").accept())
                .isEqualTo("application/json;charset=utf-16;q=0.5");
    }

    @Test
    void readsTheHeaderTheJdksHttpClientLongSent() {
        Representation jdk = parse("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2");

        assertThat(jdk.accept()).isEqualTo("text/html,image/gif,image/jpeg,*/*;q=0.2");
        assertThat(parse("*; q=.2, text/html").accept()).isEqualTo("text/html,*/*;q=0.2");
    }

    @Test
    void leavesOutEmptyListElementsAndParameters() {
        assertThat(parse(", application/json,, text/html ,").accept()).isEqualTo("application/json,text/html");
        assertThat(parse("application/json;;charset=utf-16;").accept()).isEqualTo("application/json;charset=utf-16");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            ";", ";;", ",;", ";,", " ; ", "application/json;q=abc", "application/json;q=", "application/json;q",
            "application/json;q=2", "application/json;q=-1", "application/json;q=1.5", "application/json;q=0.0001",
            "application/json;q=01", "application/json;q=1e0", "application/json;q=NaN", "application/json;q=\"0.5\"",
            "application/json;q=0.5;q=0.7", "application/json;charset=utf-8;Charset=utf-16", "a/b/c", "/json",
            "application/", "/", "garbage", "*/json", "application/json;charset", "application/json;charset=",
            "application/json;=utf-8", "application/json;charset = utf-8", "application/json;charset=\"utf-8",
            "application/json;charset=\"utf-8\\", "application/json;charset=\"utf-8\"x", "application/json text/html",
            "application/json(comment)", "\u00e9/json", "application/json;charset=\"\u00e9\"", "application/json;q=0.5x",
            "application/json,;", "\"", "\\", "\u0000"})
    void refusesAMalformedHeader(String header) {
        assertThat(Representation.parseAccept(header)).isEmpty();
    }

    static Stream<Arguments> oddHeaders() {
        List<String> odd = new ArrayList<>(List.of(
                "", " ", ",", ";", ";;", ",;", ";,", ",,,", ";;;;", "q=", ";q=", "*;q=", "*;q=2", "a/b;q=-1",
                "a/b;q=abc", "a/b;q=", "a/b;q", "a/b;=", "a/b;=b", "a/b;q=0.5;q=0.6", "/", "//", "a/", "/b", "*/",
                "*/b", "a/b/c", "a/b;", "a/b;;", "a/b; ;", "a/b;c", "a/b;c=", "a/b;c=\"", "a/b;c=\"\\", "a/b;c=\"x\\\"",
                "\"", "\\", "a/b;c=\"x\"y", "\t", "\u0000", "\u00e9/json", "a/b;q=1.0001", "a/b;q=0.", "a/b;q=.5",
                "a/b;q=.", "a/b;q=1.", "a/b;q=NaN", "a/b;q=Infinity", "a/b;q=0x1", "a/b ,", ", a/b", "a/b,,c/d", "*",
                "*;", "*,*", "* ; q=0", "a/b;c=\"\"", "a/b;c=\"\\\\\"", "\r\n", "a/b;q=0.5 ;", "a/b;q=0.5 ; c=d"));
        odd.add("a/b,".repeat(10_000));
        odd.add("a/b" + ";p=v".repeat(5_000));
        odd.add("a/b" + ";".repeat(10_000));
        odd.add(",".repeat(10_000));
        odd.add("a/b;c=\"" + "x".repeat(10_000));
        odd.add("x".repeat(10_000) + "/" + "y".repeat(10_000));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            many.append("type").append(i).append("/sub;q=0.").append(i % 1000).append(", ");
        }
        odd.add(many.toString());
        return odd.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("oddHeaders")
    void neitherThrowsNorCanonicalisesToSomethingThatReadsDifferently(String header) {
        assertThatCode(() -> Representation.parseAccept(header)).doesNotThrowAnyException();
        Representation.parseAccept(header).ifPresent(this::assertIsItsOwnCanonicalForm);
    }

    @Test
    void randomHeadersNeitherThrowNorCanonicaliseToSomethingThatReadsDifferently() {
        Random random = new Random(9110);
        String alphabet = "ab/*;=,q01.5 \t\"\\-+xé";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder header = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = header.toString();
            assertThatCode(() -> Representation.parseAccept(text)).as(text).doesNotThrowAnyException();
            Representation.parseAccept(text).ifPresent(this::assertIsItsOwnCanonicalForm);
        }
    }

    /** The edge puts the canonical form in the client's place, so reading it again must give it back unchanged. */
    private void assertIsItsOwnCanonicalForm(Representation representation) {
        assertThat(Representation.parseAccept(representation.accept())).contains(representation);
    }

    private static Representation parse(String header) {
        Optional<Representation> parsed = Representation.parseAccept(header);
        assertThat(parsed).as(header).isPresent();
        return parsed.get();
    }
}

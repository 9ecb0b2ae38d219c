package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifies how {@link Representation} normalises an {@code Accept} header. */
class RepresentationTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", ",", " , ,"})
    void aMissingOrEmptyHeaderMeansAnything(String header) {
        Representation representation = Representation.fromAccept(header);

        assertThat(representation).isEqualTo(Representation.ANY);
    }

    @Test
    void caseAndWhiteSpaceDoNotMatter() {
        Representation shouting = Representation.fromAccept("  Application/JSON ; Charset=UTF-8 ");

        assertThat(shouting.accept()).isEqualTo("application/json;charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "text/html", "application/problem+json"})
    void aSingleNormalisedRangeIsItself(String header) {
        assertThat(Representation.fromAccept(header).accept()).isEqualTo(header);
        assertThat(Representation.fromAccept(header.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(Representation.fromAccept(header));
    }

    @Test
    void theOrderOfAlternativesDoesNotMatter() {
        Representation one = Representation.fromAccept("text/html, application/json");
        Representation other = Representation.fromAccept("application/json,text/html");

        assertThat(one).isEqualTo(other);
    }

    @Test
    void theOrderOfParametersDoesNotMatter() {
        Representation one = Representation.fromAccept("text/html;level=1;q=0.9");
        Representation other = Representation.fromAccept("text/html; q=0.9; level=1");

        assertThat(one).isEqualTo(other);
    }

    @Test
    void repeatedAlternativesCountOnce() {
        Representation repeated = Representation.fromAccept("text/html, text/html, TEXT/HTML");

        assertThat(repeated.accept()).isEqualTo("text/html");
    }

    @Test
    void differentMediaTypesStayDifferent() {
        Representation json = Representation.fromAccept("application/json");
        Representation html = Representation.fromAccept("text/html");

        assertThat(json).isNotEqualTo(html);
    }

    @Test
    void differentQualitiesStayDifferent() {
        Representation preferred = Representation.fromAccept("text/html;q=1, application/json;q=0.1");
        Representation reversed = Representation.fromAccept("text/html;q=0.1, application/json;q=1");

        assertThat(preferred).isNotEqualTo(reversed);
    }
}

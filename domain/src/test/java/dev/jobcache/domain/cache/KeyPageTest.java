package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KeyPageTest {

    private static final List<String> HELD = List.of("v1:c", "v1:a", "v2:b", "v1:e", "v1:d");

    @ParameterizedTest(name = "{0} in pages of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            *     | 10 | v1:a v1:c v1:d v1:e v2:b
            *     | 2  | v1:a v1:c v1:d v1:e v2:b
            *     | 1  | v1:a v1:c v1:d v1:e v2:b
            v1:*  | 2  | v1:a v1:c v1:d v1:e
            v2:*  | 1  | v2:b
            v3:*  | 3  | ''
            """)
    void listsTheMatchingKeysOnceInOrderAcrossPages(String pattern, int limit, String expected) {
        List<String> listed = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            KeyPage page = KeyPage.of(held(), new KeyPattern(pattern), cursor, limit);
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(limit);
            page.keys().forEach(key -> listed.add(key.value()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent() && pages < 10);

        assertThat(String.join(" ", listed)).isEqualTo(expected);
        assertThat(cursor).isEmpty();
    }

    @Test
    void resumesAfterTheLastKeyHandedOutWhenKeysComeAndGo() {
        KeyPage first = KeyPage.of(held(), KeyPattern.ALL, Optional.empty(), 2);

        KeyPage second = KeyPage.of(Stream.of("v1:a", "v1:b", "v1:d", "v2:b").map(CacheKey::new),
                KeyPattern.ALL, first.nextCursor(), 2);

        assertThat(first.keys()).extracting(CacheKey::value).containsExactly("v1:a", "v1:c");
        assertThat(second.keys()).extracting(CacheKey::value).containsExactly("v1:d", "v2:b");
    }

    @Test
    void refusesACursorItDidNotHandOut() {
        assertThatThrownBy(() -> KeyPage.of(held(), KeyPattern.ALL, Optional.of("abc"), 2))
                .isInstanceOf(MalformedCursor.class);
    }

    @Test
    void refusesAPageOfNoKeys() {
        assertThatThrownBy(() -> KeyPage.of(held(), KeyPattern.ALL, Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Stream<CacheKey> held() {
        return HELD.stream().map(CacheKey::new);
    }
}

package dev.jobcache.adapters.rest;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link AdminInput} and {@link QueryLimits}: what an operator sends, refused by the field it names. */
class AdminInputTest {

    @Test
    void namesTheFirstBadTagByItsIndex() {
        assertThatThrownBy(() -> AdminInput.tags(List.of("job:1", "job:2", "no spaces")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("tags[2]"));
    }

    @Test
    void namesANullKeyByItsIndex() {
        assertThatThrownBy(() -> AdminInput.keys(Arrays.asList("GET:/health:public:1", null)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("keys[1]"));
    }

    @Test
    void refusesMoreItemsThanOneRequestMayName() {
        List<String> many = Collections.nCopies(AdminInput.MAX_ITEMS + 1, "job:1");

        assertThatThrownBy(() -> AdminInput.tags(many))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("tags"));
    }

    @Test
    void readsAbsentListsAsNoneAndKeepsTheGivenOnesOnce() {
        assertThat(AdminInput.tags(null)).isEmpty();
        assertThat(AdminInput.tags(List.of("job:1", "job:1", "user:alice")))
                .containsExactly(Tag.of("job:1"), Tag.of("user:alice"));
        assertThat(AdminInput.keys(List.of("GET:/health:public:1"))).containsExactly(new CacheKey("GET:/health:public:1"));
    }

    @Test
    void readsAPatternOrNone() {
        assertThat(AdminInput.pattern(null)).isEmpty();
        assertThat(AdminInput.pattern("")).isEmpty();
        assertThat(AdminInput.pattern("GET:/jobs:*")).hasValueSatisfying(p -> assertThat(p.glob()).isEqualTo("GET:/jobs:*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "\u00e9t\u00e9", "\t"})
    void refusesACursorNoStoreHandsOut(String cursor) {
        assertThatThrownBy(() -> AdminInput.cursor(cursor))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    @Test
    void refusesAnOverlongCursor() {
        assertThatThrownBy(() -> AdminInput.cursor("c".repeat(513)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThat(AdminInput.cursor("c".repeat(512))).isPresent();
    }

    @ParameterizedTest(name = "limit={0} -> {1}")
    @CsvSource(nullValues = "null", value = {"null, 50", "'', 50", "1, 1", "500, 500"})
    void readsALimitInItsRange(String raw, int expected) {
        assertThat(QueryLimits.parse(raw, 50, 500)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "-3", "ten", "1.5", "99999999999"})
    void refusesALimitOutsideItsRangeNamingTheLimit(String raw) {
        assertThatThrownBy(() -> QueryLimits.parse(raw, 50, 500))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }
}

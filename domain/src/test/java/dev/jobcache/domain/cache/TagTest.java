package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifies which texts a {@link Tag} accepts. */
class TagTest {

    @ParameterizedTest
    @ValueSource(strings = {"job:42", "jobs:user:alice", "health", "a.b_c-D:9"})
    void acceptsLettersDigitsAndTheFewSeparators(String value) {
        Tag tag = Tag.of(value);

        assertThat(tag.value()).isEqualTo(value);
        assertThat(Tag.isValid(value)).isTrue();
        assertThat(tag).hasToString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "job 42", "job/42", "<script>", "job:*", "job?", "a{b}", "jöb", "a\tb", "a=b"})
    void rejectsAnythingElse(String value) {
        assertThatThrownBy(() -> Tag.of(value)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Tag.isValid(value)).isFalse();
    }

    @Test
    void acceptsUpToTheMaximumLength() {
        String longest = "t".repeat(Tag.MAX_LENGTH);

        Tag tag = Tag.of(longest);

        assertThat(tag.value()).hasSize(Tag.MAX_LENGTH);
        assertThat(Tag.isValid(longest + "t")).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> Tag.of(null));
        assertThat(Tag.isValid(null)).isFalse();
    }
}

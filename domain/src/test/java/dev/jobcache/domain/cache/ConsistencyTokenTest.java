package dev.jobcache.domain.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link ConsistencyToken}: its text, merging, and how long a mark matters. */
class ConsistencyTokenTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final String A = "aaaaaaaa1";
    private static final String B = "bbbbbbbb2";

    @Test
    void readsBackTheTextItWrites() {
        ConsistencyToken token = ConsistencyToken.of(new InvalidationStamp(A, 41), T0)
                .merge(ConsistencyToken.of(new InvalidationStamp(B, 7), T0.plusMillis(5)));

        ConsistencyToken read = ConsistencyToken.parse(token.text());

        assertThat(read).isEqualTo(token);
        assertThat(read.marks()).extracting(ConsistencyToken.Mark::sequence).containsExactlyInAnyOrder(41L, 7L);
        assertThat(token.text()).matches("[a-z0-9.-]+");
    }

    @Test
    void theEmptyTextIsTheEmptyToken() {
        assertThat(ConsistencyToken.parse("")).isEqualTo(ConsistencyToken.NONE);
        assertThat(ConsistencyToken.NONE.text()).isEmpty();
    }

    @Test
    void mergingKeepsTheLaterMarkOfEachInstance() {
        ConsistencyToken earlier = ConsistencyToken.of(new InvalidationStamp(A, 3), T0);
        ConsistencyToken later = ConsistencyToken.of(new InvalidationStamp(A, 9), T0.plusSeconds(1));

        assertThat(earlier.merge(later)).isEqualTo(later);
        assertThat(later.merge(earlier)).isEqualTo(later);
    }

    @Test
    void keepsTheMostRecentlyWrittenInstancesWhenTooManyAreNamed() {
        ConsistencyToken token = ConsistencyToken.NONE;
        for (int i = 0; i <= ConsistencyToken.MAX_MARKS; i++) {
            token = token.merge(ConsistencyToken.of(new InvalidationStamp(String.format("origin%03d", i), 1),
                    T0.plusSeconds(i)));
        }

        assertThat(token.marks()).hasSize(ConsistencyToken.MAX_MARKS)
                .noneMatch(mark -> mark.origin().equals("origin000"));
    }

    @Test
    void dropsMarksOlderThanTheirLifetime() {
        ConsistencyToken token = ConsistencyToken.of(new InvalidationStamp(A, 1), T0)
                .merge(ConsistencyToken.of(new InvalidationStamp(B, 1), T0.plusSeconds(10)));

        ConsistencyToken live = token.liveAt(T0.plusSeconds(12), Duration.ofSeconds(6));

        assertThat(live.marks()).extracting(ConsistencyToken.Mark::origin).containsExactly(B);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "aaaaaaaa1-1", "aaaaaaaa1-0-1", "aaaaaaaa1-+1-1", "AAAAAAAA1-1-1", "aaaaaaaa1-1-1.",
            "aaaaaaaa1-1-1..bbbbbbbb2-1-1", "aaaaaaaa1-zzzzzzzzzzzzzz-1", "a-1-1", "aaaaaaaa1-1-1;x", "aaaaaaaa1- 1-1"})
    void refusesTextItNeverWrites(String text) {
        assertThatThrownBy(() -> ConsistencyToken.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMoreInstancesThanATokenHolds() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= ConsistencyToken.MAX_MARKS; i++) {
            text.append(i == 0 ? "" : ".").append(String.format("origin%03d-1-1", i));
        }

        assertThatThrownBy(() -> ConsistencyToken.parse(text.toString())).isInstanceOf(IllegalArgumentException.class);
    }
}

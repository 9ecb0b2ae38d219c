package dev.jobcache.domain.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifies glob matching of {@link KeyPattern} and the patterns it refuses. */
class KeyPatternTest {

    private static final CacheKey ALICE_JOBS = new CacheKey("GET:/jobs:user=alice:0123456789abcdef");

    @Test
    void aStarMatchesAnyRun() {
        KeyPattern pattern = new KeyPattern("GET:/jobs:*");

        boolean matches = pattern.matches(ALICE_JOBS);

        assertThat(matches).isTrue();
    }

    @Test
    void aStarMatchesAnEmptyRun() {
        KeyPattern pattern = new KeyPattern("GET:/jobs:user=alice:0123456789abcdef*");

        boolean matches = pattern.matches(ALICE_JOBS);

        assertThat(matches).isTrue();
    }

    @Test
    void aQuestionMarkMatchesExactlyOneCharacter() {
        KeyPattern one = new KeyPattern("GET:/jobs:user=alic?:*");
        KeyPattern none = new KeyPattern("GET:/jobs:user=alice?:*");

        assertThat(one.matches(ALICE_JOBS)).isTrue();
        assertThat(none.matches(ALICE_JOBS)).isFalse();
    }

    @Test
    void theWholeKeyMustMatch() {
        KeyPattern prefixOnly = new KeyPattern("GET:/jobs");

        boolean matches = prefixOnly.matches(ALICE_JOBS);

        assertThat(matches).isFalse();
    }

    @Test
    void otherCharactersMatchOnlyThemselves() {
        KeyPattern dot = new KeyPattern("a.c");

        assertThat(dot.matches(new CacheKey("a.c"))).isTrue();
        assertThat(dot.matches(new CacheKey("abc"))).isFalse();
    }

    @Test
    void allMatchesEveryKey() {
        CacheKey key = CacheKeys.of("GET", CachePolicy.none("/x"), "/x", Map.of(), null, Representation.ANY);

        boolean matches = KeyPattern.ALL.matches(key);

        assertThat(matches).isTrue();
    }

    @Test
    void matchesTheKeysThatCacheKeysBuilds() {
        CachePolicy policy = new CachePolicy("/jobs/{id}", true, Duration.ofSeconds(60), Duration.ZERO, "",
                CacheScope.USER, List.of());
        CacheKey key = CacheKeys.of("GET", policy, "/jobs/7", Map.of(), "bob", Representation.ANY);

        boolean matches = new KeyPattern("GET:/jobs/{id}:user=bob:*").matches(key);

        assertThat(matches).isTrue();
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "*,            a,        true",
            "a*b*c,        abcbc,    true",
            "a*b*c,        abcb,     false",
            "*ab*ab,       abab,     true",
            "*ab*ab,       aba,      false",
            "*b*,          abc,      true",
            "*b*,          ac,       false",
            "a**b,         ab,       true",
            "?*?,          ab,       true",
            "?*?,          a,        false",
            "*a?,          aab,      true",
            "x*y*z*,       xyyzz,    true"})
    void matchesLikeRedisMatch(String glob, String key, boolean expected) {
        KeyPattern pattern = new KeyPattern(glob);

        boolean matches = pattern.matches(new CacheKey(key));

        assertThat(matches).isEqualTo(expected);
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void manyStarsDoNotMakeMatchingExplode() {
        KeyPattern pattern = new KeyPattern("*a".repeat(20) + "b");
        CacheKey key = new CacheKey("a".repeat(CacheKey.MAX_LENGTH));

        boolean matches = pattern.matches(key);

        assertThat(matches).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "GET:/jobs *", "<script>", "[a-z]*", "a\\*", "a|b", "a\nb", "a,b", "jöbs", "%2A"})
    void rejectsCharactersThatKeysCannotHoldOrGlobsWouldInterpret(String glob) {
        assertThatThrownBy(() -> new KeyPattern(glob)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAPatternLongerThanTheLimit() {
        String tooLong = "a".repeat(KeyPattern.MAX_LENGTH + 1);

        assertThatThrownBy(() -> new KeyPattern(tooLong)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new KeyPattern("a".repeat(KeyPattern.MAX_LENGTH)).glob()).hasSize(KeyPattern.MAX_LENGTH);
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> new KeyPattern(null));
    }
}

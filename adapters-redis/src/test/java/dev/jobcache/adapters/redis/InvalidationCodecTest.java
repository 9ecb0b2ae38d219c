package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.InvalidationStamp;
import dev.jobcache.domain.cache.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pub/sub wire format of {@link InvalidationCodec}. */
class InvalidationCodecTest {

    private final InvalidationCodec codec = new InvalidationCodec();

    @Test
    void everyKindOfInvalidationRoundTripsExactly() {
        Invalidation tags = Invalidation.ofTags(Set.of(Tag.of("job:42"), Tag.of("user:alice")), "job-status-changed");
        Invalidation keys = Invalidation.ofKeys(Set.of(new CacheKey("GET:/jobs/42:user=alice:0123abcd")), "admin");
        Invalidation everything = Invalidation.all("admin-clear, étape ✓");

        assertThat(codec.decode(codec.encode(tags))).isEqualTo(tags);
        assertThat(codec.decode(codec.encode(keys))).isEqualTo(keys);
        assertThat(codec.decode(codec.encode(everything))).isEqualTo(everything);
    }

    @Test
    void aStampedInvalidationRoundTripsWithItsOriginAndNumber() {
        Invalidation stamped = Invalidation.ofTags(Set.of(Tag.of("job:42")), "job-status-changed")
                .stamped(new InvalidationStamp("k3j9x2a1pq", 300_000_000_000L));

        assertThat(codec.decode(codec.encode(stamped))).isEqualTo(stamped);
    }

    @Test
    void readsTheUnstampedVersionOneOfTheReleaseBefore() {
        // version 1, no flags, reason "r", one tag "job:1", no keys: as the previous release wrote it
        byte[] versionOne = {1, 0, 1, 'r', 1, 5, 'j', 'o', 'b', ':', '1', 0};

        assertThat(codec.decode(versionOne)).isEqualTo(Invalidation.ofTags(Set.of(Tag.of("job:1")), "r"));
    }

    @Test
    void refusesAStampInVersionOne() {
        byte[] versionOne = {1, 2, 1, 'r', 0, 0, 8, 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 1};

        assertThatThrownBy(() -> codec.decode(versionOne)).isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
    }

    @Test
    void aTagInvalidationTakesFewBytes() {
        byte[] encoded = codec.encode(Invalidation.ofTags(Set.of(Tag.of("job:42")), "job-deleted"));

        assertThat(encoded).hasSizeLessThan(32);
    }

    @Test
    void refusesAnUnknownVersion() {
        byte[] encoded = codec.encode(Invalidation.all("admin"));
        encoded[0] = 3;

        assertThatThrownBy(() -> codec.decode(encoded))
                .isInstanceOf(InvalidationCodec.UnreadableMessageException.class)
                .hasMessageContaining("version 3");
    }

    @Test
    void refusesTruncatedTrailingOrUnflaggedBytes() {
        byte[] encoded = codec.encode(Invalidation.ofTags(Set.of(Tag.of("job:42")), "job-deleted"));
        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 1);
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        byte[] unknownFlag = encoded.clone();
        unknownFlag[1] = 4;

        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
        assertThatThrownBy(() -> codec.decode(trailing)).isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
        assertThatThrownBy(() -> codec.decode(unknownFlag)).isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
    }

    @Test
    void refusesATagTheDomainWouldNotAccept() {
        byte[] encoded = codec.encode(Invalidation.ofTags(Set.of(Tag.of("job:42")), "r"));
        // "job:42" sits at the end; a space is not allowed in a tag
        encoded[encoded.length - 3] = ' ';

        assertThatThrownBy(() -> codec.decode(encoded)).isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
    }

    @Test
    void refusesGarbageAndEmptyMessages() {
        assertThatThrownBy(() -> codec.decode("garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(InvalidationCodec.UnreadableMessageException.class);
    }
}

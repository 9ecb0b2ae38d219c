package dev.jobcache.domain.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Specifies the opaque text form of {@link PageCursor}. */
class PageCursorTest {

    @Test
    void decodingAnEncodedCursorGivesItBack() {
        PageCursor cursor = new PageCursor(Instant.parse("2025-03-04T05:06:07.123456789Z"), new JobId("job-42"));

        Optional<PageCursor> decoded = PageCursor.decode(cursor.encode());

        assertThat(decoded).contains(cursor);
    }

    @Test
    void theEncodedFormIsUrlSafe() {
        PageCursor cursor = new PageCursor(Instant.parse("2025-03-04T05:06:07Z"), JobId.generate());

        String text = cursor.encode();

        assertThat(text).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aCursorAfterAJobPointsAtItsCreationTimeAndId() {
        Job job = Job.submit(new JobId("j-1"), new OwnerId("alice"), "t", "{}", Instant.parse("2025-01-01T00:00:00Z"));

        PageCursor cursor = PageCursor.after(job);

        assertThat(cursor.createdAt()).isEqualTo(job.createdAt());
        assertThat(cursor.id()).isEqualTo(job.id());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not base64 at all!", "%%%", "====", "a"})
    void garbageDecodesToEmpty(String text) {
        Optional<PageCursor> decoded = PageCursor.decode(text);

        assertThat(decoded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "just-one-part",
            "1.2",
            "x.0.job-1",
            "1.y.job-1",
            "1.0.<script>",
            "1.0.",
            "99999999999999999999.0.job-1",
            "31556889864403200.0.job-1",
            "9223372036854775807.9223372036854775807.job-1"})
    void wellEncodedNonsenseDecodesToEmpty(String plain) {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        Optional<PageCursor> decoded = PageCursor.decode(text);

        assertThat(decoded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z"})
    void decodesCursorsAtTheEdgesOfWhatASqlTimestampHolds(String at) {
        PageCursor cursor = new PageCursor(Instant.parse(at), JobId.generate());

        assertThat(PageCursor.decode(cursor.encode())).contains(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0000-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z",
            "-1000000000-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59.999999999Z"})
    void refusesCursorsBeyondWhatASqlTimestampHolds(String at) {
        PageCursor cursor = new PageCursor(Instant.parse(at), JobId.generate());

        assertThat(PageCursor.decode(cursor.encode())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // Instant.MAX: a valid Instant no database column can bind
            "31556889864403199.999999999.abc",
            "+1735689600.0.job-1",
            "01735689600.0.job-1",
            "1735689600.00.job-1",
            "1735689600.+5.job-1",
            "1735689600.1000000000.job-1",
            "1735689600.-1.job-1",
            "-0.0.job-1"})
    void refusesCursorsInAFormTheApiNeverWrites(String plain) {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));

        assertThat(PageCursor.decode(text)).isEmpty();
    }

    @Test
    void refusesAPaddedEncodingOfAValidCursor() {
        PageCursor cursor = new PageCursor(Instant.parse("2025-03-04T05:06:07Z"), new JobId("job-42"));
        String padded = Base64.getUrlEncoder().encodeToString(
                Base64.getUrlDecoder().decode(cursor.encode()));

        assertThat(padded).endsWith("=");
        assertThat(PageCursor.decode(padded)).isEmpty();
    }

    @Test
    void anOverlongCursorDecodesToEmpty() {
        String text = "A".repeat(201);

        Optional<PageCursor> decoded = PageCursor.decode(text);

        assertThat(decoded).isEmpty();
    }
}

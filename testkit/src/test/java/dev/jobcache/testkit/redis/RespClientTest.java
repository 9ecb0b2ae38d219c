package dev.jobcache.testkit.redis;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Specification of {@link RespClient}: commands as RESP2 arrays of bulk strings, and every reply type read back. */
class RespClientTest {

    @Test
    void sendsACommandAsAnArrayOfBulkStringsCountingBytesNotCharacters() {
        byte[] encoded = RespClient.encode("SET", "k", "\u00e9t\u00e9");

        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\n\u00e9t\u00e9\r\n");
    }

    @Test
    void readsSimpleStringsIntegersBulkStringsNilAndNestedArrays() throws IOException {
        assertThat(read("+PONG\r\n")).isEqualTo("PONG");
        assertThat(read(":42\r\n")).isEqualTo("42");
        assertThat(read("$5\r\nhe\r\no\r\n")).isEqualTo("he\r\no");
        assertThat(read("$-1\r\n")).isNull();
        assertThat(read("*2\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n")).isEqualTo(List.of("a", Arrays.asList("1", null)));
    }

    @Test
    void rendersArraysFlattenedOneElementALineWithNilAsAnEmptyLine() throws IOException {
        Object reply = read("*3\r\n$9\r\nmaxmemory\r\n*1\r\n$1\r\n0\r\n$-1\r\n");

        assertThat(RespClient.render(reply)).isEqualTo("maxmemory\n0\n");
    }

    @Test
    void turnsAnErrorReplyIntoAnExceptionCarryingItAndAShortReplyIntoAnIoFailure() {
        assertThatThrownBy(() -> read("-ERR unknown command 'NOPE'\r\n"))
                .isInstanceOf(RedisServerException.class).hasMessageContaining("ERR unknown command 'NOPE'");
        assertThatThrownBy(() -> read("$10\r\nshort\r\n")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("?what\r\n")).isInstanceOf(IOException.class);
    }

    private static Object read(String bytes) throws IOException {
        return RespClient.read(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.UTF_8)));
    }
}

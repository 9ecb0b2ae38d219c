package dev.jobcache.adapters.redis;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The building blocks the adapter's binary formats share ({@link RedisEntryCodec}, {@link InvalidationCodec}):
 * unsigned LEB128 varints, zig-zag varints for signed numbers, and strings as a varint byte length followed by
 * UTF-8. Readers throw {@link MalformedException} (or the {@link ByteBuffer}'s own underflow) on bytes that are not
 * well-formed, and never trust a length beyond what remains, so corrupt input cannot make them allocate much.
 */
final class WireFormat {

    private WireFormat() {
    }

    static void writeString(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length);
        out.writeBytes(utf8);
    }

    static String readString(ByteBuffer in) {
        int length = readVarInt(in);
        if (length > in.remaining()) {
            throw new MalformedException("a string of " + length + " bytes, but " + in.remaining() + " remain");
        }
        ByteBuffer utf8 = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8)
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new MalformedException("a string that is not UTF-8");
        }
    }

    static void writeSignedVarLong(ByteArrayOutputStream out, long value) {
        writeVarLong(out, (value << 1) ^ (value >> 63));
    }

    static long readSignedVarLong(ByteBuffer in) {
        long zigZag = readVarLong(in);
        return (zigZag >>> 1) ^ -(zigZag & 1);
    }

    static void writeVarLong(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedException("a varint longer than 10 bytes");
    }

    /** A varint that must be a length or count, i.e. fit a non-negative {@code int}. */
    static int readVarInt(ByteBuffer in) {
        long value = readVarLong(in);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new MalformedException("a length or count out of range: " + value);
        }
        return (int) value;
    }

    /** Bytes that do not follow the format; carries no stack trace because it is expected and handled. */
    static final class MalformedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }
}

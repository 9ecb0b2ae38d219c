package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.InvalidationStamp;
import dev.jobcache.domain.cache.Tag;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The pub/sub wire format of an {@link Invalidation}: compact, versioned binary, no Java serialization (every instance
 * sharing the channel, of whatever release, must read it, and a message must not choose classes to instantiate).
 *
 * <p>Version 2, in order: version byte; flags byte (bit 0: everything; bit 1: stamped; other bits zero); reason; tag
 * count, then each tag; key count, then each key; when stamped, the publishing instance's origin and the
 * invalidation's number there ({@link InvalidationStamp}, what consistency tokens name). Counts and the number are
 * unsigned varints and strings a varint byte length and UTF-8 ({@link WireFormat}). A typical tag invalidation takes a
 * few dozen bytes. Version 1 is version 2 without the stamp; both are read, version 2 is written (a release that
 * reads only version 1 takes these messages as unreadable, empties its near-cache and goes on).
 *
 * <p>Decoding is strict, because a message that is misread is a message lost: an unknown version, unknown flags,
 * a truncated message, trailing bytes or a tag or key the domain would not accept all throw
 * {@link UnreadableMessageException}. Stateless and thread-safe.
 */
final class InvalidationCodec {

    static final byte VERSION = 2;
    private static final byte UNSTAMPED_VERSION = 1;
    private static final int EVERYTHING = 1;
    private static final int STAMPED = 2;

    byte[] encode(Invalidation invalidation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 24 * (invalidation.tags().size() + invalidation.keys().size()));
        out.write(VERSION);
        out.write((invalidation.everything() ? EVERYTHING : 0) | (invalidation.stamp().isPresent() ? STAMPED : 0));
        WireFormat.writeString(out, invalidation.reason());
        WireFormat.writeVarLong(out, invalidation.tags().size());
        invalidation.tags().forEach(tag -> WireFormat.writeString(out, tag.value()));
        WireFormat.writeVarLong(out, invalidation.keys().size());
        invalidation.keys().forEach(key -> WireFormat.writeString(out, key.value()));
        invalidation.stamp().ifPresent(stamp -> {
            WireFormat.writeString(out, stamp.origin());
            WireFormat.writeVarLong(out, stamp.sequence());
        });
        return out.toByteArray();
    }

    /** @throws UnreadableMessageException when {@code bytes} are not a version 1 or 2 invalidation */
    Invalidation decode(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] != VERSION && bytes[0] != UNSTAMPED_VERSION)) {
            throw new UnreadableMessageException("unknown format version " + (bytes.length == 0 ? "(empty)" : bytes[0])
                    + ", this release reads " + UNSTAMPED_VERSION + " and " + VERSION);
        }
        int known = bytes[0] == VERSION ? EVERYTHING | STAMPED : EVERYTHING;
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        try {
            int flags = in.get();
            if ((flags & ~known) != 0) {
                throw new WireFormat.MalformedException("unknown flags " + flags);
            }
            String reason = WireFormat.readString(in);
            Set<Tag> tags = new HashSet<>();
            for (int i = readCount(in); i > 0; i--) {
                tags.add(new Tag(WireFormat.readString(in)));
            }
            Set<CacheKey> keys = new HashSet<>();
            for (int i = readCount(in); i > 0; i--) {
                keys.add(new CacheKey(WireFormat.readString(in)));
            }
            Optional<InvalidationStamp> stamp = Optional.empty();
            if ((flags & STAMPED) != 0) {
                String origin = WireFormat.readString(in);
                stamp = Optional.of(new InvalidationStamp(origin, WireFormat.readVarLong(in)));
            }
            if (in.hasRemaining()) {
                throw new WireFormat.MalformedException(in.remaining() + " bytes after the last field");
            }
            return new Invalidation(tags, keys, (flags & EVERYTHING) != 0, reason, stamp);
        } catch (WireFormat.MalformedException | BufferUnderflowException | IllegalArgumentException | NullPointerException malformed) {
            throw new UnreadableMessageException(malformed.toString());
        }
    }

    // each element takes at least one byte (its length), which bounds a count before anything is allocated for it
    private static int readCount(ByteBuffer in) {
        int count = WireFormat.readVarInt(in);
        if (count > in.remaining()) {
            throw new WireFormat.MalformedException("a count of " + count + ", but " + in.remaining() + " bytes remain");
        }
        return count;
    }

    /** A message on the channel that is not an invalidation this release can read. */
    static final class UnreadableMessageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnreadableMessageException(String message) {
            super(message, null, false, false);
        }
    }
}

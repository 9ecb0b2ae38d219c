package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.CachedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static dev.jobcache.adapters.redis.WireFormat.readSignedVarLong;
import static dev.jobcache.adapters.redis.WireFormat.readString;
import static dev.jobcache.adapters.redis.WireFormat.readVarInt;
import static dev.jobcache.adapters.redis.WireFormat.writeSignedVarLong;
import static dev.jobcache.adapters.redis.WireFormat.writeString;
import static dev.jobcache.adapters.redis.WireFormat.writeVarLong;

/**
 * The Redis wire format of a {@link CachedResponse}: compact, versioned binary, no Java serialization (which would
 * tie stored bytes to class layouts and let stored bytes choose classes to instantiate).
 *
 * <p>Version 1, in order: version byte; status as an unsigned short; flags byte (bit 0: body gzipped); etag;
 * storedAt as epoch seconds and nano-of-second; ttl and stale grace as seconds and nanos; header count, then name and
 * value of each; body length, then the body. Integers are unsigned LEB128 varints (zig-zag for signed ones), strings
 * a varint byte length and UTF-8 ({@link WireFormat}). Everything round-trips exactly, so a read entry equals the
 * put one.
 *
 * <p>Decoding never throws: an entry of an unknown version (written by a newer release sharing the prefix) or a
 * truncated or corrupt one is a miss, counted in {@link #undecodable()} and logged once, because a cache read must
 * not turn into a failed request. Thread-safe.
 */
final class RedisEntryCodec {

    static final byte VERSION = 1;
    private static final int GZIPPED = 1;
    private static final Logger LOG = LoggerFactory.getLogger(RedisEntryCodec.class);

    private final LongAdder undecodable = new LongAdder();
    private final AtomicBoolean unknownVersionLogged = new AtomicBoolean();
    private final AtomicBoolean corruptLogged = new AtomicBoolean();

    byte[] encode(CachedResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + response.body().length + 32 * response.headers().size());
        out.write(VERSION);
        if (response.status() < 0 || response.status() > 0xFFFF) {
            throw new IllegalArgumentException("status out of range: " + response.status());
        }
        out.write(response.status() >>> 8);
        out.write(response.status());
        out.write(response.gzipped() ? GZIPPED : 0);
        writeString(out, response.etag());
        writeSignedVarLong(out, response.storedAt().getEpochSecond());
        writeVarLong(out, response.storedAt().getNano());
        writeDuration(out, response.ttl());
        writeDuration(out, response.staleGrace());
        writeVarLong(out, response.headers().size());
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            writeString(out, header.getKey());
            writeString(out, header.getValue());
        }
        writeVarLong(out, response.body().length);
        out.writeBytes(response.body());
        return out.toByteArray();
    }

    /** The response in {@code bytes}; empty when they are of an unknown version or not a well-formed entry. */
    Optional<CachedResponse> decode(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            undecodable.increment();
            if (unknownVersionLogged.compareAndSet(false, true)) {
                LOG.warn("Ignoring a Redis cache entry of unknown format version {} (this release reads {}); "
                        + "further ones are counted, not logged", bytes.length == 0 ? "(empty)" : bytes[0], VERSION);
            }
            return Optional.empty();
        }
        try {
            return Optional.of(read(ByteBuffer.wrap(bytes, 1, bytes.length - 1)));
        } catch (WireFormat.MalformedException | BufferUnderflowException | IllegalArgumentException | NullPointerException
                 | ArithmeticException | java.time.DateTimeException corrupt) {
            undecodable.increment();
            if (corruptLogged.compareAndSet(false, true)) {
                LOG.warn("Ignoring a corrupt Redis cache entry ({}); further ones are counted, not logged", corrupt.toString());
            }
            return Optional.empty();
        }
    }

    /** How many entries could not be decoded since this codec was made. */
    long undecodable() {
        return undecodable.sum();
    }

    private static CachedResponse read(ByteBuffer in) {
        int status = ((in.get() & 0xFF) << 8) | (in.get() & 0xFF);
        int flags = in.get();
        String etag = readString(in);
        Instant storedAt = Instant.ofEpochSecond(readSignedVarLong(in), readVarInt(in));
        Duration ttl = readDuration(in);
        Duration staleGrace = readDuration(in);
        int headerCount = readVarInt(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerCount; i++) {
            headers.put(readString(in), readString(in));
        }
        int bodyLength = readVarInt(in);
        if (bodyLength != in.remaining()) {
            throw new WireFormat.MalformedException("body of " + bodyLength + " bytes, but " + in.remaining() + " remain");
        }
        byte[] body = new byte[bodyLength];
        in.get(body);
        return new CachedResponse(status, headers, body, (flags & GZIPPED) != 0, etag, storedAt, ttl, staleGrace);
    }

    private static void writeDuration(ByteArrayOutputStream out, Duration duration) {
        writeSignedVarLong(out, duration.getSeconds());
        writeVarLong(out, duration.getNano());
    }

    private static Duration readDuration(ByteBuffer in) {
        return Duration.ofSeconds(readSignedVarLong(in), readVarInt(in));
    }
}

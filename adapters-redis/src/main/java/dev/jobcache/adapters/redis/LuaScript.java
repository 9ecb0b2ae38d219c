package dev.jobcache.adapters.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script and its SHA-1 digest, the name {@code EVALSHA} knows it by once Redis has cached it. */
record LuaScript(String name, byte[] source, String sha1) {

    static LuaScript of(String name, String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        try {
            return new LuaScript(name, bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes)));
        } catch (NoSuchAlgorithmException impossible) {
            // every Java platform must provide SHA-1 (MessageDigest's Javadoc)
            throw new IllegalStateException("SHA-1 is not available", impossible);
        }
    }
}

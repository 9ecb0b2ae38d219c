package dev.jobcache.bootstrap.config;

import dev.jobcache.domain.port.Authenticator;
import dev.jobcache.domain.security.BearerToken;
import dev.jobcache.domain.security.Principal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens from configuration. Only SHA-256 digests are kept: a lookup by digest reveals nothing through timing about
 * a valid token's characters, and a heap dump holds no usable token.
 */
public final class ConfiguredAuthenticator implements Authenticator {

    /** One per thread: every request authenticates, and looking the algorithm up costs as much as the hash. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(ConfiguredAuthenticator::newSha256);

    /** Keyed by the digest's bytes (a ByteBuffer compares its contents). */
    private final Map<ByteBuffer, Principal> byDigest = new HashMap<>();
    private final Map<String, Principal> byUser;

    public ConfiguredAuthenticator(Map<String, Principal> tokens) {
        tokens.forEach((token, principal) -> byDigest.put(digest(token), principal));
        this.byUser = Principal.byUser(tokens.values());
    }

    @Override
    public Optional<Principal> authenticate(BearerToken token) {
        return Optional.ofNullable(byDigest.get(digest(token.value())));
    }

    @Override
    public Optional<Principal> principalOf(String userId) {
        return Optional.ofNullable(byUser.get(userId));
    }

    private static ByteBuffer digest(String token) {
        return ByteBuffer.wrap(SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

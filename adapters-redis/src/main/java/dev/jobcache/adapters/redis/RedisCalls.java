package dev.jobcache.adapters.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Every Redis command of the store goes through here: through the circuit breaker (unless it is a health probe),
 * awaited for at most the command timeout, with every failure turned into a {@link RedisStoreException}.
 *
 * <p>Commands use Lettuce's asynchronous API on the one shared connection, so concurrent callers pipeline on it (or on
 * the commands given, e.g. one Cluster node's invalidation connection); the wait here is the only blocking. Lettuce expires each command after the same timeout on its own ({@code TimeoutOptions}
 * in {@link RedisConnections}), so a command that was given up on here does not linger in its queue either.
 */
final class RedisCalls {

    private final RedisClusterAsyncCommands<byte[], byte[]> commands;
    private final Duration timeout;
    private final RedisCircuitBreaker breaker;

    RedisCalls(RedisClusterAsyncCommands<byte[], byte[]> commands, Duration timeout, RedisCircuitBreaker breaker) {
        this.commands = commands;
        this.timeout = timeout;
        this.breaker = breaker;
    }

    /** One command through the breaker. */
    <T> T call(String operation, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        return breaker.call(operation, () -> await(operation, commands, command));
    }

    /** One command through the breaker, on the given commands rather than the shared connection's. */
    <T> T callOn(RedisClusterAsyncCommands<byte[], byte[]> on, String operation,
                 Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        return breaker.call(operation, () -> await(operation, on, command));
    }

    /** One command around the breaker, for health probes: they must reach Redis to tell whether it is back. */
    <T> T probe(String operation, Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        return await(operation, commands, command);
    }

    /** A probe on the given commands. */
    <T> T probeOn(RedisClusterAsyncCommands<byte[], byte[]> on, String operation,
                  Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        return await(operation, on, command);
    }

    /**
     * Runs {@code script} by its digest, and by its source when Redis does not know it (see {@link #scripted}).
     */
    <T> T eval(String operation, LuaScript script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        return evalOn(commands, operation, script, type, keys, args);
    }

    /**
     * {@link #eval} as {@code EVALSHA_RO}, which Lettuce may send to a replica; only for scripts flagged
     * {@code no-writes}.
     */
    <T> T evalReadOnly(String operation, LuaScript script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        return scripted(operation, () -> commands.<T>evalshaReadOnly(script.sha1(), type, keys, args),
                () -> commands.<T>evalReadOnly(script.source(), type, keys, args));
    }

    /** {@link #eval} on the given commands. */
    <T> T evalOn(RedisClusterAsyncCommands<byte[], byte[]> on, String operation, LuaScript script, ScriptOutputType type,
                 byte[][] keys, byte[]... args) {
        return scripted(operation, () -> on.<T>evalsha(script.sha1(), type, keys, args),
                () -> on.<T>eval(script.source(), type, keys, args));
    }

    /**
     * {@link #eval} (or {@link #evalReadOnly}) without waiting: the stage completes on Lettuce's I/O thread when
     * Redis answers, or exceptionally with a {@link RedisStoreException} when it fails, is not known by digest and
     * then fails by source, or does not answer within the command timeout (Lettuce expires the command itself). The
     * breaker judges it like any call. Nothing here blocks.
     */
    <T> CompletionStage<T> evalAsync(String operation, LuaScript script, ScriptOutputType type, boolean readOnly,
                                     byte[][] keys, byte[]... args) {
        return breaker.callAsync(operation, () -> {
            CompletableFuture<T> result = new CompletableFuture<>();
            RedisFuture<T> byDigest = readOnly
                    ? commands.<T>evalshaReadOnly(script.sha1(), type, keys, args)
                    : commands.<T>evalsha(script.sha1(), type, keys, args);
            byDigest.whenComplete((value, failure) -> {
                // nothing may escape these callbacks: a result never completed would leave its request waiting
                try {
                    if (failure == null) {
                        result.complete(value);
                    } else if (LettuceFailures.unwrap(failure) instanceof RedisNoScriptException) {
                        RedisFuture<T> bySource = readOnly
                                ? commands.<T>evalReadOnly(script.source(), type, keys, args)
                                : commands.<T>eval(script.source(), type, keys, args);
                        bySource.whenComplete((again, failedAgain) -> {
                            if (failedAgain == null) {
                                result.complete(again);
                            } else {
                                result.completeExceptionally(mapped(operation, failedAgain));
                            }
                        });
                    } else {
                        result.completeExceptionally(mapped(operation, failure));
                    }
                } catch (RuntimeException unexpected) {
                    result.completeExceptionally(mapped(operation, unexpected));
                }
            });
            return result;
        });
    }

    private static RuntimeException mapped(String operation, Throwable failure) {
        try {
            return LettuceFailures.map(operation, failure);
        } catch (RuntimeException unmappable) {
            return unmappable;
        }
    }

    String breakerState() {
        return breaker.state();
    }

    /**
     * Starts {@code script} on {@code on} without waiting, by digest, so several buckets' scripts pipeline; see
     * {@link #awaitScript} for the rest.
     */
    <T> RedisFuture<T> startScript(RedisClusterAsyncCommands<byte[], byte[]> on, LuaScript script, ScriptOutputType type,
                                   byte[][] keys, byte[]... args) {
        return on.<T>evalsha(script.sha1(), type, keys, args);
    }

    /** Waits for a script {@link #startScript started}, and runs it by its source when Redis did not know it. */
    <T> T awaitScript(RedisFuture<T> started, RedisClusterAsyncCommands<byte[], byte[]> on, String operation,
                      LuaScript script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        return scripted(operation, () -> started, () -> on.<T>eval(script.source(), type, keys, args));
    }

    /**
     * Waits for a script run by its digest and, when Redis does not know it (restarted, failed over, or
     * {@code SCRIPT FLUSH}), runs it once more by its source, which also makes Redis cache it again. Both count as
     * one call for the breaker.
     */
    private <T> T scripted(String operation, java.util.function.Supplier<RedisFuture<T>> byDigest,
                           java.util.function.Supplier<RedisFuture<T>> bySource) {
        return breaker.call(operation, () -> {
            try {
                return awaitRaw(byDigest.get());
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RedisNoScriptException) {
                    try {
                        return awaitRaw(bySource.get());
                    } catch (Exception again) {
                        throw LettuceFailures.map(operation, again);
                    }
                }
                throw LettuceFailures.map(operation, failed);
            } catch (Exception failed) {
                throw LettuceFailures.map(operation, failed);
            }
        });
    }

    Duration timeout() {
        return timeout;
    }

    private <T> T await(String operation, RedisClusterAsyncCommands<byte[], byte[]> on,
                        Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        try {
            return awaitRaw(command.apply(on));
        } catch (Exception failed) {
            throw LettuceFailures.map(operation, failed);
        }
    }

    private <T> T awaitRaw(RedisFuture<T> future) throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}

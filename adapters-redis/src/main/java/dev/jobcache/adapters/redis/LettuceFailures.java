package dev.jobcache.adapters.redis;

import dev.jobcache.domain.cache.StoreFailure.Reach;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever Lettuce or a future threw into one {@link RedisStoreException}, deciding whether it means Redis is
 * unavailable (counts against the breaker) or merely refused the command, and whether it reaches the whole store
 * (the connection is gone) or only this call. Lettuce's types stop here.
 */
final class LettuceFailures {

    /** Error codes of a node that is being failed over, resharded or demoted, or of a cluster without quorum. */
    private static final String[] CHANGING_OVER = {"MOVED", "ASK", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "MASTERDOWN",
            "NOREPLICAS", "LOADING"};

    /** How Lettuce's (and {@link RedisConnections#NEVER_REPLAY}'s) messages begin when the connection is gone. */
    private static final String[] LOST_CONNECTION = {"Currently not connected", "Connection closed",
        "Connection is closed", "Connection to Redis lost"};

    private LettuceFailures() {
    }

    static RedisStoreException map(String operation, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RedisStoreException known) {
            return known;
        }
        if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
            // a slow answer under load as often as a dying server: the breaker's failure rate tells them apart
            return new RedisStoreException(operation + ": Redis did not answer in time", true, Reach.CALL, cause);
        }
        if (cause instanceof RedisBusyException) {
            return new RedisStoreException(operation + ": Redis is busy running a script", true, Reach.CALL, cause);
        }
        if (cause instanceof RedisLoadingException) {
            return new RedisStoreException(operation + ": Redis is loading its data set", true, Reach.CALL, cause);
        }
        if (cause instanceof RedisConnectionException) {
            return new RedisStoreException(operation + ": cannot connect to Redis (" + cause.getMessage() + ")", true,
                    Reach.STORE, cause);
        }
        if (cause instanceof RedisCommandExecutionException && movedOn(cause.getMessage())) {
            // a failover or resharding: the node that answered no longer serves these keys; the topology refresh
            // will find the one that does, and until then this is an outage for the breaker, not a refusal
            return new RedisStoreException(operation + ": Redis is changing over (" + cause.getMessage() + ")", true,
                    Reach.CALL, cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            // Redis answered: it is up, it just refused this command (OOM, WRONGTYPE, a script error)
            return new RedisStoreException(operation + ": Redis refused the command (" + cause.getMessage() + ")",
                    false, Reach.CALL, cause);
        }
        if (cause instanceof RedisCommandInterruptedException || cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new RedisStoreException(operation + ": interrupted while waiting for Redis", false, Reach.CALL,
                    cause);
        }
        if (cause instanceof IOException) {
            // the socket itself failed under a command in flight (connection reset when Redis died)
            return new RedisStoreException(operation + ": the connection to Redis failed (" + cause + ")", true,
                    Reach.STORE, cause);
        }
        if (cause instanceof RedisException && lostConnection(cause.getMessage())) {
            return new RedisStoreException(operation + ": not connected to Redis (" + cause.getMessage() + ")", true,
                    Reach.STORE, cause);
        }
        if (cause instanceof RedisException || cause instanceof CancellationException) {
            // the request queue is full, or a command was cancelled: load or a reset, not a lost connection
            return new RedisStoreException(operation + ": Redis is unavailable (" + cause.getMessage() + ")", true,
                    Reach.CALL, cause);
        }
        // not understood, so read cautiously: as if the whole store were gone
        return new RedisStoreException(operation + ": unexpected failure (" + cause + ")", false, Reach.STORE, cause);
    }

    /**
     * A failed connect, said the way an operator acts on it: credentials refused, a host that does not resolve,
     * nothing reachable there; anything else as {@link #map} says it. Lettuce wraps the reason a few levels down
     * (Redis' {@code WRONGPASS} or {@code NOAUTH} reply to {@code HELLO}, the resolver's or the socket's exception)
     * under an "Unable to connect" that names none of them.
     */
    static RedisStoreException connectFailure(String operation, Throwable failure) {
        String reason = null;
        for (Throwable cause = failure; cause != null && reason == null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof RedisCommandExecutionException
                    && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH"))) {
                reason = "authentication failed (" + message + ")";
            }
        }
        for (Throwable cause = failure; cause != null && reason == null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                reason = "the host does not resolve (" + cause.getMessage() + ")";
            } else if (cause instanceof ConnectException) {
                reason = "not reachable (" + cause.getMessage() + ")";
            }
        }
        if (reason == null) {
            return map(operation, failure);
        }
        return new RedisStoreException(operation + ": " + reason, true, Reach.STORE, unwrap(failure));
    }

    /** Whether a connect failed because the connection ended during the handshake, for no reason Lettuce kept. */
    static boolean closedDuringHandshake(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisConnectionException && "Connection closed prematurely".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether Lettuce failed the command because the connection is gone: rejected while disconnected
     * ({@code REJECT_COMMANDS}), or in flight when it dropped and not replayed ({@link RedisConnections#NEVER_REPLAY}).
     * Lettuce says so only in the message of a plain {@link RedisException}.
     */
    private static boolean lostConnection(String message) {
        if (message == null) {
            return false;
        }
        for (String prefix : LOST_CONNECTION) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean movedOn(String message) {
        if (message == null) {
            return false;
        }
        for (String code : CHANGING_OVER) {
            if (message.startsWith(code)) {
                return true;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

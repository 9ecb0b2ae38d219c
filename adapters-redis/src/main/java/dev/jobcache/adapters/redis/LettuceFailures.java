package dev.jobcache.adapters.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever Lettuce or a future threw into one {@link RedisStoreException}, deciding whether it means Redis is
 * unavailable (counts against the breaker) or merely refused the command. Lettuce's types stop here.
 */
final class LettuceFailures {

    /** Error codes of a node that is being failed over, resharded or demoted, or of a cluster without quorum. */
    private static final String[] CHANGING_OVER = {"MOVED", "ASK", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "MASTERDOWN",
            "NOREPLICAS", "LOADING"};

    private LettuceFailures() {
    }

    static RedisStoreException map(String operation, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RedisStoreException known) {
            return known;
        }
        if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
            return new RedisStoreException(operation + ": Redis did not answer in time", true, cause);
        }
        if (cause instanceof RedisBusyException) {
            return new RedisStoreException(operation + ": Redis is busy running a script", true, cause);
        }
        if (cause instanceof RedisLoadingException) {
            return new RedisStoreException(operation + ": Redis is loading its data set", true, cause);
        }
        if (cause instanceof RedisConnectionException) {
            return new RedisStoreException(operation + ": cannot connect to Redis (" + cause.getMessage() + ")", true, cause);
        }
        if (cause instanceof RedisCommandExecutionException && movedOn(cause.getMessage())) {
            // a failover or resharding: the node that answered no longer serves these keys; the topology refresh
            // will find the one that does, and until then this is an outage for the breaker, not a refusal
            return new RedisStoreException(operation + ": Redis is changing over (" + cause.getMessage() + ")", true, cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            // Redis answered: it is up, it just refused this command (OOM, WRONGTYPE, a script error)
            return new RedisStoreException(operation + ": Redis refused the command (" + cause.getMessage() + ")", false, cause);
        }
        if (cause instanceof RedisCommandInterruptedException || cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new RedisStoreException(operation + ": interrupted while waiting for Redis", false, cause);
        }
        if (cause instanceof RedisException || cause instanceof CancellationException) {
            // not connected (commands rejected while disconnected), queue full, not replayed after a reconnect
            return new RedisStoreException(operation + ": Redis is unavailable (" + cause.getMessage() + ")", true, cause);
        }
        return new RedisStoreException(operation + ": unexpected failure (" + cause + ")", false, cause);
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

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

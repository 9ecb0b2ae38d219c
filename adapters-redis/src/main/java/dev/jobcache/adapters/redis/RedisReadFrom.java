package dev.jobcache.adapters.redis;

/**
 * Where the store reads entries and generations. Writes and invalidations always go to the master.
 *
 * <p>{@link #REPLICA_PREFERRED} is only sound when every invalidation waits for the replicas a read may go to
 * ({@code WAIT}, see {@link RedisSettings#replicaAcknowledgements()}): a replica that has not yet applied an
 * acknowledged invalidation would otherwise hand out the entry it removed. {@link RedisConnections} refuses the
 * combination without it.
 */
public enum RedisReadFrom {
    MASTER,
    REPLICA_PREFERRED
}

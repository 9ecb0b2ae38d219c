/**
 * Private {@code redis-server} processes for tests: {@link dev.jobcache.testkit.redis.RedisServer} starts one on a
 * free loopback port (the binary on {@code PATH} first, else the one the {@code embedded-redis} jar ships, so a
 * machine with only a JDK and Maven can run the tests), and can kill, pause, resume and restart it to provoke the
 * failures a real deployment sees; {@link dev.jobcache.testkit.redis.RedisServerExtension} gives a JUnit test class
 * one such server. {@link dev.jobcache.testkit.redis.RedisCluster} and
 * {@link dev.jobcache.testkit.redis.RedisSentinel} build the two replicated topologies from such servers, for
 * tests of failover. It speaks just enough RESP to set a server up and look at it; adapters under test bring their
 * own client, and nothing here may depend on one.
 */
package dev.jobcache.testkit.redis;

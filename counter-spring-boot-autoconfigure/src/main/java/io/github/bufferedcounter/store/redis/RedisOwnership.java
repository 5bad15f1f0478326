package io.github.bufferedcounter.store.redis;

import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The owner of a store's shards: the identity of the database their deltas belong to, kept in
 * each shard's {@code owner} key. A store claims every shard at startup and refuses to start on
 * a shard that another database owns; {@code claim.lua} checks the owner again before it hands
 * out a batch, so a key changed while the application runs still stops the flush.
 */
final class RedisOwnership {

	static final String REFUSED = "!owner";

	private final StringRedisTemplate redis;

	private final List<RedisShardKeys> shards;

	private final String prefix;

	RedisOwnership(StringRedisTemplate redis, List<RedisShardKeys> shards, String prefix) {
		this.redis = redis;
		this.shards = shards;
		this.prefix = prefix;
	}

	/**
	 * Records the identity as the owner of every shard that has none, and checks the others.
	 * @param identity the identity of this application's database
	 * @throws IllegalStateException if another database owns a shard
	 */
	void claimAll(String identity) {
		for (RedisShardKeys shard : this.shards) {
			if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(shard.owner(), identity))) {
				continue;
			}
			String owner = this.redis.opsForValue().get(shard.owner());
			if (owner != null && !owner.equals(identity)) {
				throw refused(shard.owner(), owner, identity);
			}
		}
	}

	/**
	 * The error for a shard that another database owns.
	 * @param key the shard's owner key
	 * @param owner the identity found there
	 * @param identity the identity of this application's database
	 * @return the error to throw
	 */
	IllegalStateException refused(String key, String owner, String identity) {
		return new IllegalStateException("The Redis keys under buffered-counter.redis.key-prefix '" + this.prefix
				+ "' buffer the counters of another database: " + key + " holds its identity " + owner
				+ ", and this application's database (buffered_counter_identity) is " + identity
				+ ". Writing them here would add another database's increments to this one's rows. Give each "
				+ "database a buffered-counter.redis.key-prefix of its own; if the other database is gone for good and "
				+ "its buffered deltas are to be dropped, delete the keys under that prefix");
	}

}

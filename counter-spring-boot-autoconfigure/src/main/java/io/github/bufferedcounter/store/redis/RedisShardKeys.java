package io.github.bufferedcounter.store.redis;

import java.util.List;

/**
 * The Redis keys of one shard. They share the hash tag {@code {prefix:shard}}, so every
 * script runs on a single Redis Cluster slot.
 */
record RedisShardKeys(String pending, String leases, String batches, String attempts, String failures,
		String dead, String deadErrors, String claimVersion, String since, String claimedAt, String base) {

	static RedisShardKeys of(String prefix, int shard) {
		String base = prefix + ":{" + prefix + ":" + shard + "}:";
		return new RedisShardKeys(base + "pending", base + "leases", base + "batches", base + "attempts",
				base + "failures", base + "dead", base + "dead-errors", base + "claims", base + "since",
				base + "claimed-at", base);
	}

	List<String> forClaim() {
		return List.of(this.pending, this.leases, this.batches, this.attempts, this.claimVersion, this.since,
				this.claimedAt);
	}

	List<String> forAcknowledge() {
		return List.of(this.pending, this.leases, this.batches, this.attempts, this.failures, this.dead,
				this.deadErrors, this.claimedAt, this.since);
	}

	/**
	 * Returns the keys of {@code add.lua}: pending hash, pending since, and the mark of a writer
	 * in this shard.
	 */
	List<String> forAdd(String writerId) {
		return List.of(this.pending, this.since, this.base + "writer-" + writerId);
	}

	List<String> forOldest() {
		return List.of(this.since, this.claimedAt);
	}

	List<String> forDeadLetters() {
		return List.of(this.dead, this.deadErrors, this.pending, this.since);
	}

	List<String> forPending() {
		return List.of(this.pending, this.leases, this.batches, this.claimVersion);
	}

}

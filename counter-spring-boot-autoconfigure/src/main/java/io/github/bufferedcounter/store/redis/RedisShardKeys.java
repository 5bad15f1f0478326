package io.github.bufferedcounter.store.redis;

import java.util.List;

/**
 * The Redis keys of one shard. They share the hash tag {@code {prefix:shard}}, so every
 * script runs on a single Redis Cluster slot.
 */
record RedisShardKeys(String pending, String leases, String batches, String attempts, String failures,
		String dead, String deadErrors, String claimVersion, String since, String claimedAt) {

	static RedisShardKeys of(String prefix, int shard) {
		String base = prefix + ":{" + prefix + ":" + shard + "}:";
		return new RedisShardKeys(base + "pending", base + "leases", base + "batches", base + "attempts",
				base + "failures", base + "dead", base + "dead-errors", base + "claims", base + "since",
				base + "claimed-at");
	}

	List<String> forClaim() {
		return List.of(this.pending, this.leases, this.batches, this.attempts, this.claimVersion, this.since,
				this.claimedAt);
	}

	List<String> forAcknowledge() {
		return List.of(this.pending, this.leases, this.batches, this.attempts, this.failures, this.dead,
				this.deadErrors, this.claimedAt, this.since);
	}

	List<String> forAdd() {
		return List.of(this.pending, this.since);
	}

	/**
	 * Returns the key holding the last add sequence number of one writer, under this shard's hash tag.
	 * @param writer the writer's id, lower-case letters
	 */
	String writer(String writer) {
		return this.pending.substring(0, this.pending.length() - "pending".length()) + "writer-" + writer;
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

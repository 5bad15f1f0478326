package io.github.bufferedcounter.store.redis;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Redis keys of one shard. They share the hash tag {@code {prefix:shard}}, so every
 * script runs on a single Redis Cluster slot. {@code owner} holds the identity of the database
 * whose deltas the shard buffers; unlike the other keys it stays when the shard is empty.
 */
record RedisShardKeys(String pending, String leases, String batches, String attempts, String failures,
		String dead, String deadErrors, String claimVersion, String since, String claimedAt, String owner, String base) {

	static RedisShardKeys of(String prefix, int shard) {
		String base = prefix + ":{" + prefix + ":" + shard + "}:";
		return new RedisShardKeys(base + "pending", base + "leases", base + "batches", base + "attempts",
				base + "failures", base + "dead", base + "dead-errors", base + "claims", base + "since",
				base + "claimed-at", base + "owner", base);
	}

	List<String> forClaim() {
		return List.of(this.pending, this.leases, this.batches, this.attempts, this.claimVersion, this.since,
				this.claimedAt, this.owner);
	}

	List<String> forAcknowledge() {
		return List.of(this.pending, this.leases, this.batches, this.attempts, this.failures, this.dead,
				this.deadErrors, this.claimedAt, this.since, this.claimVersion);
	}

	/**
	 * Returns the keys of {@code add.lua}: pending hash, pending since, the mark of a writer in
	 * this shard, and the claim version.
	 */
	List<String> forAdd(String writerId) {
		return List.of(this.pending, this.since, writerMark(writerId), this.claimVersion);
	}

	/** The key that remembers for a while that a row of this shard was deleted through Hibernate. */
	String deletedRow(String row) {
		return this.base + "deleted:" + row;
	}

	/** The key that keeps the number of a writer's last write whose first shard is this one. */
	String writerMark(String writerId) {
		return this.base + "writer-" + writerId;
	}

	/**
	 * Returns a claim version for a shard that has none: random, so that a version deleted with
	 * an empty shard does not come back (a chance of one in about 2^52 per new version). Below
	 * 2^52, so that the claims counting up from it stay exact as Lua numbers (doubles).
	 */
	static String newClaimVersion() {
		return Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 52));
	}

	List<String> forOldest() {
		return List.of(this.since, this.claimedAt);
	}

	List<String> forDeadLetters() {
		return List.of(this.dead, this.deadErrors, this.pending, this.since, this.claimVersion);
	}

	List<String> forPending() {
		return List.of(this.pending, this.leases, this.batches, this.claimVersion);
	}

}

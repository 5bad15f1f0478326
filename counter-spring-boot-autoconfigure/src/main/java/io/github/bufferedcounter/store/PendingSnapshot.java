package io.github.bufferedcounter.store;

import java.util.Map;

/**
 * What a store holds for one counter at one moment.
 *
 * @param buffered deltas not yet claimed
 * @param inFlight deltas in claimed batches, by batch id; a batch may already be in the
 * database, which only the database can tell
 * @param claimVersion a number that changes whenever a batch is claimed on the counter's
 * shard, so a reader can tell whether its view of the database and of the store match
 */
public record PendingSnapshot(long buffered, Map<String, Long> inFlight, long claimVersion) {

	public PendingSnapshot {
		inFlight = Map.copyOf(inFlight);
	}

	/**
	 * Returns the sum of buffered and in-flight deltas.
	 * @return everything the store holds for the counter
	 */
	public long total() {
		return this.buffered + this.inFlight.values().stream().mapToLong(Long::longValue).sum();
	}

}

package io.github.bufferedcounter.store;

import java.util.Map;

/**
 * A set of deltas taken out of the buffer under a lease. It stays in the store until it is
 * {@linkplain DeltaStore#acknowledge acknowledged}; if its lease runs out first, the next
 * claim on its shard returns it again with the same id, so it can be applied exactly once.
 *
 * @param id unique id, recorded in the database together with the batch's updates
 * @param shard the shard it was claimed from
 * @param deltas the deltas, none zero
 * @param malformed raw entries that could not be read as a counter key and an integer
 * delta; they are parked as dead letters on acknowledge
 * @param attempts how often this batch has been claimed, 1 the first time
 */
public record ClaimedBatch(String id, int shard, Map<CounterKey, Long> deltas, Map<String, String> malformed,
		int attempts) {

	public ClaimedBatch {
		deltas = Map.copyOf(deltas);
		malformed = Map.copyOf(malformed);
	}

}

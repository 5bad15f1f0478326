package io.github.bufferedcounter.flush;

import java.time.Duration;

import io.github.bufferedcounter.CounterChangedEvent;

/**
 * How the flusher claims and retries.
 *
 * @param batchSize the largest number of keys in one batch, and so in one transaction
 * @param lease how long a claimed batch stays reserved before another flusher may recover it
 * @param maxAttempts failures after which a delta that fails alone becomes a dead letter
 * @param initialBackoff the wait after the first database failure, doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param maxBatchesPerShard the most batches one flush takes from a shard, so that a flush
 * under sustained load still ends
 * @param retention how long applied batch ids are kept; longer than any batch can stay
 * unacknowledged
 * @param publishEvents whether to read the new value of every updated counter in the flush's
 * transaction and publish a {@link CounterChangedEvent} for it after the commit; costs one
 * select per table and up to 1000 updated rows
 * @param threads how many shards one flush works on at once, each on a database connection
 * of its own; shards hold disjoint rows, so their transactions never wait for each other
 */
public record FlushSettings(int batchSize, Duration lease, int maxAttempts, Duration initialBackoff,
		Duration maxBackoff, int maxBatchesPerShard, Duration retention, boolean publishEvents, int threads) {

	/**
	 * Creates settings for one flushing thread.
	 * @param batchSize the largest number of keys in one batch
	 * @param lease how long a claimed batch stays reserved
	 * @param maxAttempts failures after which a delta that fails alone becomes a dead letter
	 * @param initialBackoff the wait after the first database failure
	 * @param maxBackoff the longest wait between attempts
	 * @param maxBatchesPerShard the most batches one flush takes from a shard
	 * @param retention how long applied batch ids are kept
	 * @param publishEvents whether to publish a {@link CounterChangedEvent} per changed counter
	 */
	public FlushSettings(int batchSize, Duration lease, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
			int maxBatchesPerShard, Duration retention, boolean publishEvents) {
		this(batchSize, lease, maxAttempts, initialBackoff, maxBackoff, maxBatchesPerShard, retention, publishEvents,
				1);
	}

	/**
	 * Creates settings that publish no events.
	 * @param batchSize the largest number of keys in one batch
	 * @param lease how long a claimed batch stays reserved
	 * @param maxAttempts failures after which a delta that fails alone becomes a dead letter
	 * @param initialBackoff the wait after the first database failure
	 * @param maxBackoff the longest wait between attempts
	 * @param maxBatchesPerShard the most batches one flush takes from a shard
	 * @param retention how long applied batch ids are kept
	 */
	public FlushSettings(int batchSize, Duration lease, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
			int maxBatchesPerShard, Duration retention) {
		this(batchSize, lease, maxAttempts, initialBackoff, maxBackoff, maxBatchesPerShard, retention, false, 1);
	}

}

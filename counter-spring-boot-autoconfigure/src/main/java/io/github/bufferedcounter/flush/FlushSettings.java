package io.github.bufferedcounter.flush;

import java.time.Duration;

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
 */
public record FlushSettings(int batchSize, Duration lease, int maxAttempts, Duration initialBackoff,
		Duration maxBackoff, int maxBatchesPerShard, Duration retention) {

}

package io.github.bufferedcounter;

import java.time.Duration;

/**
 * What one flush wrote.
 *
 * @param batches batches claimed and acknowledged, including recovered ones
 * @param keys distinct (entity, id, field) deltas written
 * @param rows rows updated, one statement each
 * @param orphans deltas dropped because their row no longer exists
 * @param rejected deltas that failed on their own and went back for retry or to the
 * dead letters
 * @param retried batches left claimed after a database error, to be retried with backoff
 * @param duration wall time of the flush
 */
public record FlushResult(int batches, int keys, int rows, int orphans, int rejected, int retried,
		Duration duration) {

	/** A flush that found nothing to write. */
	public static final FlushResult EMPTY = new FlushResult(0, 0, 0, 0, 0, 0, Duration.ZERO);

	/**
	 * Whether the flush wrote anything.
	 * @return {@code true} if at least one row was updated
	 */
	public boolean wroteAnything() {
		return this.rows > 0;
	}

	/**
	 * Combines two results, adding counts and durations.
	 * @param other the result to add
	 * @return the sum
	 */
	public FlushResult plus(FlushResult other) {
		return new FlushResult(this.batches + other.batches, this.keys + other.keys, this.rows + other.rows,
				this.orphans + other.orphans, this.rejected + other.rejected, this.retried + other.retried,
				this.duration.plus(other.duration));
	}

}

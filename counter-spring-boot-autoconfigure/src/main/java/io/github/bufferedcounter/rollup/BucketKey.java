package io.github.bufferedcounter.rollup;

import java.time.LocalDateTime;
import java.util.Optional;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.store.CounterKey;

/**
 * A rollup bucket as a buffered key: the counter's own key with {@code @} and the bucket's
 * start appended to the field, such as {@code Post:views@2026-12-07:42}. Its delta lives in the
 * same shard as the counter's, so both reach the database in one batch.
 *
 * @param cell the key of the counter column
 * @param period the bucket's period
 * @param start the bucket's local start
 */
public record BucketKey(CounterKey cell, RollupPeriod period, LocalDateTime start) {

	private static final char SEPARATOR = '@';

	/**
	 * Returns the bucket a buffered key names, if it names one.
	 * @param key a buffered key
	 * @return the bucket, or empty for a key of a counter column
	 * @throws IllegalArgumentException if the key has a malformed bucket part
	 */
	public static Optional<BucketKey> of(CounterKey key) {
		int at = key.field().indexOf(SEPARATOR);
		if (at < 0) {
			return Optional.empty();
		}
		RollupPeriod.Bucket bucket = RollupPeriod.parse(key.field().substring(at + 1));
		CounterKey cell = new CounterKey(key.entity(), key.field().substring(0, at), key.id());
		return Optional.of(new BucketKey(cell, bucket.period(), bucket.start()));
	}

	/**
	 * Returns the buffered key of this bucket.
	 * @return the key
	 */
	public CounterKey key() {
		return new CounterKey(this.cell.entity(), this.cell.field() + SEPARATOR + this.period.format(this.start),
				this.cell.id());
	}

}

package io.github.bufferedcounter.rollup;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.store.CounterKey;

/**
 * A bucket's delta as a row of {@value RollupTable#TABLE}: the holder row by its table (as
 * Hibernate renders it) and id, the counter by its column.
 *
 * @param keyed the buffered keys the delta came under, each with its own delta
 * @param holderTable the table of the row holding the counter
 * @param counterColumn the counter's column
 * @param holderId the string form of the holder row's id
 * @param period the bucket's period
 * @param start the bucket's local start
 * @param delta the delta
 */
public record BucketDelta(Map<CounterKey, Long> keyed, String holderTable, String counterColumn, String holderId,
		RollupPeriod period, LocalDateTime start, long delta) {

	/**
	 * Returns this bucket with the delta of another key for the same bucket added, as when a
	 * subclass's key and its parent's name the same row.
	 * @param key the other key
	 * @param more its delta
	 * @return the bucket with the sum
	 * @throws ArithmeticException if the sum overflows
	 */
	public BucketDelta plus(CounterKey key, long more) {
		Map<CounterKey, Long> keys = new TreeMap<>(this.keyed);
		keys.put(key, more);
		return new BucketDelta(Collections.unmodifiableMap(keys), this.holderTable, this.counterColumn, this.holderId,
				this.period, this.start, Math.addExact(this.delta, more));
	}

	/**
	 * Returns the identity of the bucket's row as one string, ordering buckets as their rows are
	 * locked.
	 * @return the row's identity
	 */
	public String row() {
		return this.holderTable + '\0' + this.counterColumn + '\0' + this.holderId + '\0' + this.period + '\0'
				+ this.start;
	}

}

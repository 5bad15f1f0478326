package io.github.bufferedcounter.store.redis;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.bufferedcounter.store.CounterKey;

/**
 * One call of {@code add.lua}: the lane that sends it, its number, the encoded key and delta
 * pairs per shard, the deltas it carries, and when it was first sent. Redis may have run a write
 * at any time after its first transmission, so that time bounds how long ago Redis can have
 * set the writer's mark for it.
 */
final class RedisWrite {

	private static final long NEVER = Long.MIN_VALUE;

	private final WriteLane lane;

	private final long number;

	private final Map<Integer, List<String>> byShard;

	private final Map<CounterKey, Long> deltas;

	/** {@link System#nanoTime()} of the first transmission; only read and set under its lane's lock. */
	private long firstSent = NEVER;

	/**
	 * @param lane the lane whose writer id Redis records the write under
	 * @param number the write number, which {@code add.lua} records so a resent write is
	 * skipped; higher than that of every earlier write of the lane
	 * @param byShard per shard, key and delta pairs as script arguments
	 * @param deltas the deltas, for reads and logs
	 */
	RedisWrite(WriteLane lane, long number, Map<Integer, List<String>> byShard, Map<CounterKey, Long> deltas) {
		this.lane = lane;
		this.number = number;
		this.byShard = Collections.unmodifiableMap(new TreeMap<>(byShard));
		this.deltas = Map.copyOf(deltas);
	}

	WriteLane lane() {
		return this.lane;
	}

	long number() {
		return this.number;
	}

	Map<Integer, List<String>> byShard() {
		return this.byShard;
	}

	Map<CounterKey, Long> deltas() {
		return this.deltas;
	}

	/** Notes a transmission; only the first one counts. */
	void sending(long nanoTime) {
		if (this.firstSent == NEVER) {
			this.firstSent = nanoTime;
		}
	}

	/**
	 * Returns whether a mark Redis set when it ran this write may have expired by now, so that
	 * a missing mark no longer proves that the write was not run. A write never sent has no mark.
	 * @param nanoTime now
	 * @param markTtl how long Redis keeps a mark
	 * @param margin how much earlier than the mark's expiry to stop trusting its absence
	 */
	boolean mayHaveOutlivedMark(long nanoTime, Duration markTtl, Duration margin) {
		return this.firstSent != NEVER && nanoTime - this.firstSent >= markTtl.minus(margin).toNanos();
	}

	@Override
	public String toString() {
		return "write " + this.number + " " + this.deltas;
	}

}

package io.github.bufferedcounter.store.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The buffered sum of one counter. Adds and drains are compare-and-set loops, so the hot path
 * takes no lock. A drained cell can be retired: it then refuses adds, and the adder moves on
 * to a fresh cell, so no delta lands in a cell that has left the map.
 */
final class DeltaCell {

	private static final long RETIRED = Long.MIN_VALUE;

	private final AtomicLong value = new AtomicLong();

	/**
	 * Adds a delta.
	 * @return {@code false} if the cell is retired and the caller must use a fresh one
	 * @throws ArithmeticException if the sum would overflow
	 */
	boolean add(long delta) {
		while (true) {
			long current = this.value.get();
			if (current == RETIRED) {
				return false;
			}
			long next = Math.addExact(current, delta);
			if (next == RETIRED) {
				throw new ArithmeticException("long overflow");
			}
			if (this.value.compareAndSet(current, next)) {
				return true;
			}
		}
	}

	/** Takes the buffered sum, leaving zero. */
	long drain() {
		while (true) {
			long current = this.value.get();
			if (current == RETIRED || this.value.compareAndSet(current, 0)) {
				return (current == RETIRED) ? 0 : current;
			}
		}
	}

	/** Retires the cell if it holds zero. */
	boolean retireIfEmpty() {
		return this.value.compareAndSet(0, RETIRED);
	}

	long get() {
		long current = this.value.get();
		return (current == RETIRED) ? 0 : current;
	}

}

package io.github.bufferedcounter.chaos.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spreads a worker's quota of increments evenly until a deadline, so that the faults of the run
 * meet load all along; a worker that falls behind (after a restart, say) goes as fast as it
 * can. Shared by the worker's load threads.
 */
final class Pacer {

	private final long quota;

	private final long start = System.nanoTime();

	private final double nanosPerIncrement;

	private final AtomicLong reserved = new AtomicLong();

	/**
	 * Creates a pacer.
	 * @param quota increments to make
	 * @param deadlineMillis when the last should be made, in epoch milliseconds
	 */
	Pacer(long quota, long deadlineMillis) {
		this.quota = quota;
		long left = deadlineMillis - System.currentTimeMillis();
		this.nanosPerIncrement = (left > 0 && quota > 0) ? left * 1_000_000.0 / quota : 0;
	}

	/**
	 * Reserves up to {@code wanted} increments of the quota and waits for their turn.
	 * @param wanted increments the caller would like to make, at least 1
	 * @return how many it may make, or 0 once the quota is used up
	 * @throws InterruptedException if interrupted while waiting
	 */
	int reserve(int wanted) throws InterruptedException {
		long first = this.reserved.getAndAdd(wanted);
		if (first >= this.quota) {
			return 0;
		}
		long wait = this.start + (long) (first * this.nanosPerIncrement) - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
		return (int) Math.min(wanted, this.quota - first);
	}

}

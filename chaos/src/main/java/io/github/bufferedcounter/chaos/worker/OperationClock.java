package io.github.bufferedcounter.chaos.worker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock the starter's rollup buckets read: on a load thread inside an operation, the hour
 * that operation picked ({@link RollupHours}); elsewhere the real time, so that a delta handed
 * over on another thread shows up in a bucket no operation picked, which the driver counts as
 * duplicated. The hand-off of a transaction's increments runs on its committing thread, and an
 * increment outside a transaction on its caller's.
 */
final class OperationClock extends Clock {

	private static final ThreadLocal<Instant> NOW = new ThreadLocal<>();

	/** Sets the time of the current thread's operation, or clears it with {@code null}. */
	static void set(Instant instant) {
		if (instant == null) {
			NOW.remove();
		}
		else {
			NOW.set(instant);
		}
	}

	@Override
	public Instant instant() {
		Instant now = NOW.get();
		return (now != null) ? now : Instant.now();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}

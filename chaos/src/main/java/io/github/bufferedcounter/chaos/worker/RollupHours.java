package io.github.bufferedcounter.chaos.worker;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import io.github.bufferedcounter.RollupPeriod;

/**
 * The hours a run's rollup buckets fall in. Each operation picks one of {@link #HOURS} hours
 * and its increments commit there, as far as the starter's rollup clock can tell
 * ({@link OperationClock}), so the driver knows every increment's bucket and checks each bucket
 * on its own. The hours are the two days around the end of summer time in Berlin (2026-10-25,
 * when 02:00 comes twice), so one HOUR bucket a row holds two hours of increments and one DAY
 * bucket holds 25.
 */
public final class RollupHours {

	/** The rollup time zone of the workers. */
	public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

	/** Hours to pick from. */
	public static final int HOURS = 48;

	/** Midnight of 2026-10-24 in Berlin, summer time. */
	private static final Instant FIRST = Instant.parse("2026-10-23T22:00:00Z");

	private RollupHours() {
	}

	/**
	 * Returns the instant an operation of an hour commits at: half past that hour.
	 * @param hour 0 to {@link #HOURS} - 1
	 * @return the instant
	 */
	public static Instant instant(int hour) {
		return FIRST.plusSeconds(hour * 3600L + 1800);
	}

	/**
	 * Returns the start of the bucket of a period an hour's increments land in.
	 * @param hour 0 to {@link #HOURS} - 1
	 * @param period the period
	 * @return the local start of the bucket
	 */
	public static LocalDateTime bucket(int hour, RollupPeriod period) {
		return period.start(LocalDateTime.ofInstant(instant(hour), ZONE));
	}

}

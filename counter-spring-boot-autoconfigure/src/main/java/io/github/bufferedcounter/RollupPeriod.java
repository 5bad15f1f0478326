package io.github.bufferedcounter;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The length of a {@link CounterRollup} bucket. Buckets start on the hour, at midnight or on
 * the first of the month, in local time of the rollup time zone.
 */
public enum RollupPeriod {

	/** One bucket per hour, starting at minute 0. */
	HOUR("yyyy-MM-dd'T'HH"),

	/** One bucket per day, starting at midnight. */
	DAY("yyyy-MM-dd"),

	/** One bucket per month, starting at midnight of its first day. */
	MONTH("yyyy-MM");

	private final DateTimeFormatter format;

	private final int length;

	RollupPeriod(String pattern) {
		this.format = DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"));
		this.length = pattern.replace("'", "").length();
	}

	/**
	 * Returns the start of the bucket a local time falls in.
	 * @param time a local time
	 * @return the start of its bucket
	 */
	public LocalDateTime start(LocalDateTime time) {
		return switch (this) {
			case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
			case DAY -> time.truncatedTo(ChronoUnit.DAYS);
			case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
		};
	}

	/**
	 * Returns the start of the bucket after the one starting at {@code start}.
	 * @param start the start of a bucket
	 * @return the start of the next one
	 */
	public LocalDateTime next(LocalDateTime start) {
		return switch (this) {
			case HOUR -> start.plusHours(1);
			case DAY -> start.plusDays(1);
			case MONTH -> start.plusMonths(1);
		};
	}

	/**
	 * Returns the short text of a bucket start used in buffered keys, such as
	 * {@code 2026-12-07} for a day.
	 * @param start the start of a bucket
	 * @return its text
	 */
	public String format(LocalDateTime start) {
		return this.format.format(start);
	}

	/**
	 * Reads the text written by {@link #format}, telling the period from its length.
	 * @param text the text of a bucket start
	 * @return the bucket
	 * @throws IllegalArgumentException if the text is not a bucket start of any period
	 */
	public static Bucket parse(String text) {
		for (RollupPeriod period : values()) {
			if (period.length == text.length()) {
				try {
					LocalDateTime start = period.parseStart(text);
					if (period.format(start).equals(text)) {
						return new Bucket(period, start);
					}
				}
				catch (DateTimeParseException ex) {
					break;
				}
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not a rollup bucket; expected yyyy-MM-dd'T'HH (HOUR), "
				+ "yyyy-MM-dd (DAY) or yyyy-MM (MONTH)");
	}

	private LocalDateTime parseStart(String text) {
		return switch (this) {
			case HOUR -> LocalDateTime.parse(text + ":00");
			case DAY -> LocalDateTime.parse(text + "T00:00");
			case MONTH -> LocalDateTime.parse(text + "-01T00:00");
		};
	}

	/**
	 * A bucket: its period and its start.
	 *
	 * @param period the period
	 * @param start the local start time
	 */
	public record Bucket(RollupPeriod period, LocalDateTime start) {
	}

}

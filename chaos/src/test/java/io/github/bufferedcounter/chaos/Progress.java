package io.github.bufferedcounter.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * Prints what happens during a run, each line stamped with the seconds since its start.
 */
final class Progress {

	private final long start = System.nanoTime();

	/**
	 * Prints an event.
	 * @param text what happened
	 */
	void event(String text) {
		System.out.printf(Locale.ROOT, "[chaos %6.1fs] %s%n", seconds(), text);
		System.out.flush();
	}

	/**
	 * Returns the time since the start.
	 * @return the elapsed time
	 */
	Duration elapsed() {
		return Duration.ofNanos(System.nanoTime() - this.start);
	}

	private double seconds() {
		return (System.nanoTime() - this.start) / 1e9;
	}

}

package io.github.bufferedcounter;

import java.util.List;

/**
 * Thrown by a {@link VerifyMode#FAIL} verification that found counters off their recount.
 */
public class CounterDriftException extends RuntimeException {

	private final transient List<CounterCheck> drifted;

	/**
	 * Creates the exception.
	 * @param drifted the counters that are off
	 */
	public CounterDriftException(List<CounterCheck> drifted) {
		super(drifted.size() + " counter(s) differ from their recount: " + drifted
				+ "; BufferedCounters.recalculate repairs one, recalculateAll a whole column");
		this.drifted = List.copyOf(drifted);
	}

	/**
	 * Returns the counters that are off.
	 * @return the checks that failed
	 */
	public List<CounterCheck> drifted() {
		return this.drifted;
	}

}

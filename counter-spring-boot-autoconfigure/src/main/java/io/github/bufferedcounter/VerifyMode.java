package io.github.bufferedcounter;

/**
 * What a sampling verification does about a counter that is off.
 */
public enum VerifyMode {

	/** Log a warning for each counter that is off, and change nothing. */
	LOG,

	/** Log a warning and recalculate each counter that is off. */
	CORRECT,

	/** Throw a {@link CounterDriftException} naming the counters that are off. */
	FAIL

}

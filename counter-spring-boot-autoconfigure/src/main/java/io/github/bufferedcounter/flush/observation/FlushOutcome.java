package io.github.bufferedcounter.flush.observation;

import io.github.bufferedcounter.FlushResult;
import org.jspecify.annotations.Nullable;

/**
 * How a flush pass or a batch ended, the {@code outcome} key value of their observations.
 */
public enum FlushOutcome {

	/** Ended with everything claimed written, or nothing to write. */
	SUCCESS,

	/** A database failure left a batch claimed, to be retried after a backoff. */
	RETRY,

	/** Failed with an exception. */
	FAILURE;

	/**
	 * Tells the outcome from what a pass or batch reported.
	 * @param result its result, or {@code null} if it did not end with one
	 * @param error what failed it, or {@code null}
	 * @return the outcome
	 */
	public static FlushOutcome of(@Nullable FlushResult result, @Nullable Throwable error) {
		if (result == null) {
			return (error != null) ? FAILURE : SUCCESS;
		}
		return (result.retried() > 0) ? RETRY : SUCCESS;
	}

	/**
	 * Returns the key value.
	 * @return the name in lower case
	 */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}

package io.github.bufferedcounter.flush.observation;

import io.github.bufferedcounter.FlushResult;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the observations of a flush pass and of a batch share: the store and how they ended.
 */
public abstract class FlushStepContext extends Observation.Context {

	private final String store;

	private @Nullable FlushResult result;

	FlushStepContext(String store) {
		this.store = store;
	}

	/**
	 * Returns the kind of delta store flushed.
	 * @return {@code redis}, {@code memory}, or the class name of another store
	 */
	public String getStore() {
		return this.store;
	}

	/**
	 * Returns what was written.
	 * @return the result, or {@code null} while it runs or if it failed
	 */
	public @Nullable FlushResult getResult() {
		return this.result;
	}

	void setResult(FlushResult result) {
		this.result = result;
	}

	/**
	 * Returns how it ended.
	 * @return the outcome
	 */
	public FlushOutcome getOutcome() {
		return FlushOutcome.of(this.result, getError());
	}

}

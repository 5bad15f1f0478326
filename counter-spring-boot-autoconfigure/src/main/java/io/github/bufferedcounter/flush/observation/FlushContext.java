package io.github.bufferedcounter.flush.observation;

/**
 * The context of the observation of one flush pass: every shard claimed, applied and
 * acknowledged until empty.
 */
public class FlushContext extends FlushStepContext {

	/**
	 * Creates the context.
	 * @param store the kind of delta store flushed, such as {@code redis} or {@code memory}
	 */
	public FlushContext(String store) {
		super(store);
	}

}

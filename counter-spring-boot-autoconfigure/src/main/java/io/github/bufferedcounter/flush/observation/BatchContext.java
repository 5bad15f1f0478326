package io.github.bufferedcounter.flush.observation;

import io.github.bufferedcounter.store.ClaimedBatch;

/**
 * The context of the observation of one claimed batch: applied in one database transaction,
 * then acknowledged. Its parent is the observation of the flush pass.
 */
public class BatchContext extends FlushStepContext {

	private final ClaimedBatch batch;

	/**
	 * Creates the context.
	 * @param store the kind of delta store the batch was claimed from
	 * @param batch the batch
	 */
	public BatchContext(String store, ClaimedBatch batch) {
		super(store);
		this.batch = batch;
	}

	/**
	 * Returns the batch.
	 * @return the claimed batch
	 */
	public ClaimedBatch getBatch() {
		return this.batch;
	}

}

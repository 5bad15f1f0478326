package io.github.bufferedcounter.flush.observation;

import io.github.bufferedcounter.flush.observation.FlushObservationDocumentation.BatchKeyNames;
import io.github.bufferedcounter.store.ClaimedBatch;
import io.micrometer.common.KeyValues;

/**
 * The observation of a batch as the library names it: {@value #NAME}, with the store and the
 * {@link FlushOutcome} as low-cardinality key values and the batch id, shard, attempt and
 * number of deltas as high-cardinality ones.
 */
public class DefaultBatchObservationConvention implements BatchObservationConvention {

	/** The observation name. */
	public static final String NAME = "buffered.counter.flush.batch";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(BatchContext context) {
		return "buffered-counter batch";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(BatchContext context) {
		return FlushObservationDocumentation.commonKeyValues(context);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(BatchContext context) {
		ClaimedBatch batch = context.getBatch();
		return KeyValues.of(BatchKeyNames.BATCH_ID.withValue(batch.id()),
				BatchKeyNames.SHARD.withValue(Integer.toString(batch.shard())),
				BatchKeyNames.ATTEMPT.withValue(Integer.toString(batch.attempts())),
				BatchKeyNames.KEYS.withValue(Integer.toString(batch.deltas().size())));
	}

}

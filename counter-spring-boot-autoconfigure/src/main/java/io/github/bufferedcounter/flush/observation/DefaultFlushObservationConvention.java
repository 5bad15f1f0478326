package io.github.bufferedcounter.flush.observation;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.flush.observation.FlushObservationDocumentation.FlushKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The observation of a flush pass as the library names it: {@value #NAME}, with the store and
 * the {@link FlushOutcome} as low-cardinality key values and, once it ended, the batches and
 * rows it wrote as high-cardinality ones.
 */
public class DefaultFlushObservationConvention implements FlushObservationConvention {

	/** The observation name. */
	public static final String NAME = "buffered.counter.flush.pass";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(FlushContext context) {
		return "buffered-counter flush";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(FlushContext context) {
		return FlushObservationDocumentation.commonKeyValues(context);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(FlushContext context) {
		FlushResult result = context.getResult();
		if (result == null) {
			return KeyValues.empty();
		}
		return KeyValues.of(FlushKeyNames.BATCHES.withValue(Integer.toString(result.batches())),
				FlushKeyNames.ROWS.withValue(Integer.toString(result.rows())));
	}

}
